"""
CSV import and export of events, questions and claims in the editors' admin.

The claims' format is the export contract of claims/export.py: its columns, in its
order, read back the way they were written, so that an exported file imports again.
Optional columns after them carry what the contract leaves out.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from dossier.spreadsheets import neutralise
from sources.models import Actor, Source
from sources.resources import (
    DossierResource,
    KeepWhenBlankWidget,
    NumberWidget,
    PartialDateField,
    SlugWidget,
    SourceResource,
    TextWidget,
    find_by_name_or_alias,
    named_list,
    parse_named_list,
    parse_partial_date,
    unneutralise,
)

from .export import COLUMNS, answer_value
from .forms import figure_differs
from .kept_quotes import refuse_lost_quotes
from .models import Claim, Event, Measure, Question
from .similar import similar_questions

# Optional, after the contract's columns: how to tell apart sources with the same
# title and actors with the same name, and what the contract leaves out.
EXTRA_COLUMNS = [
    "source_slug",
    "actor_slug",
    "attribution",
    "scope",
    "quote_translation",
    "rank",
    "rank_reason",
    "notes",
    "scope_de",
    "notes_de",
    "text_value_de",
    "measure",
    "tolerance",
    "confirm_figure",
]
YES = ("yes", "ja", "true", "1")


class EventResource(DossierResource):
    slug = fields.Field(attribute="slug", widget=widgets.CharWidget())
    name = fields.Field(attribute="name", widget=TextWidget())
    name_de = fields.Field(attribute="name_de", widget=TextWidget())
    starts_on = PartialDateField("starts_on", "starts_precision")
    ends_on = PartialDateField("ends_on", "ends_precision")
    place = fields.Field(attribute="place", widget=SlugWidget(Actor))
    parent = fields.Field(attribute="parent", widget=SlugWidget(Event))
    description = fields.Field(attribute="description", widget=TextWidget())
    description_de = fields.Field(attribute="description_de", widget=TextWidget())

    class Meta:
        model = Event
        fields = [
            "slug",
            "name",
            "name_de",
            "starts_on",
            "ends_on",
            "place",
            "parent",
            "description",
            "description_de",
        ]
        import_id_fields = ["slug"]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("place", "parent")


class QuestionResource(DossierResource):
    slug = fields.Field(attribute="slug", widget=widgets.CharWidget())
    event = fields.Field(attribute="event", widget=SlugWidget(Event))
    text_en = fields.Field(attribute="text_en", widget=TextWidget())
    text_de = fields.Field(attribute="text_de", widget=TextWidget())
    value_type = fields.Field(
        attribute="value_type", widget=KeepWhenBlankWidget(), saves_null_values=False
    )
    unit = fields.Field(attribute="unit", widget=TextWidget())
    unit_de = fields.Field(attribute="unit_de", widget=TextWidget())
    scope_note = fields.Field(attribute="scope_note", widget=TextWidget())
    scope_note_de = fields.Field(attribute="scope_note_de", widget=TextWidget())
    editorial_note = fields.Field(attribute="editorial_note", widget=TextWidget())
    editorial_note_de = fields.Field(attribute="editorial_note_de", widget=TextWidget())
    keywords = fields.Field(attribute="keywords", widget=TextWidget())
    keywords_de = fields.Field(attribute="keywords_de", widget=TextWidget())
    # What its answers may measure, "slug: name; slug: name"; an import adds or renames.
    measures = fields.Field(column_name="measures", readonly=True)
    measures_de = fields.Field(column_name="measures_de", readonly=True)

    class Meta:
        model = Question
        fields = [
            "slug",
            "event",
            "text_en",
            "text_de",
            "value_type",
            "unit",
            "unit_de",
            "scope_note",
            "scope_note_de",
            "editorial_note",
            "editorial_note_de",
            "keywords",
            "keywords_de",
            "measures",
            "measures_de",
        ]
        import_id_fields = ["slug"]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("event").prefetch_related("measures")

    def dehydrate_measures(self, question):
        return neutralise(named_list((m.slug, m.name) for m in question.measures.all()))

    def dehydrate_measures_de(self, question):
        return neutralise(named_list((m.slug, m.name_de) for m in question.measures.all()))

    def measure_changes(self, question, row) -> list[Measure]:
        """The measures the row names that the question lacks, or has under other names."""
        names = parse_named_list(unneutralise(row.get("measures") or ""))
        names_de = parse_named_list(unneutralise(row.get("measures_de") or ""))
        known = {m.slug: m for m in question.measures.all()} if question.pk else {}
        changes = []
        for slug, name in names.items():
            measure = known.get(slug) or Measure(question=question, slug=slug)
            name_de = names_de.get(slug, measure.name_de)
            if measure.pk is None or (measure.name, measure.name_de) != (name, name_de):
                measure.name, measure.name_de = name, name_de
                changes.append(measure)
        return changes

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not self.measure_changes(instance, row) and super().skip_row(
            instance, original, row, import_validation_errors
        )

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.close_questions = []

    def before_save_instance(self, instance, row, **kwargs):
        # The preview names each new question close to an existing one (before it is
        # written, so that it is not compared with itself).
        if instance.pk is None and kwargs.get("dry_run"):
            for suggestion in similar_questions(instance, limit=1):
                self.close_questions.append(
                    _(
                        "Row %(row)s: the new question “%(new)s” (%(new_text)s) may ask the "
                        "same as the existing “%(old)s” (%(old_text)s): %(reason)s; score "
                        "%(score)s."
                    )
                    % {
                        "row": kwargs.get("row_number", "?"),
                        "new": instance.slug,
                        "new_text": instance.text_en,
                        "old": suggestion.question.slug,
                        "old_text": suggestion.question.text_en,
                        "reason": suggestion.reason,
                        "score": f"{suggestion.score:.2f}",
                    }
                )
        super().before_save_instance(instance, row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        for measure in self.measure_changes(instance, row):
            measure.question = instance
            measure.full_clean()
            measure.save()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.close_questions = getattr(self, "close_questions", [])
        # A question's type of answer decides how its answers compare.
        if self.is_committed(result, **kwargs):
            slugs = [row.get("slug") for row in dataset.dict]
            Question.objects.filter(slug__in=slugs).refresh_analysis()


class SourceWidget(widgets.ForeignKeyWidget):
    """The source by its slug (source_slug) if the row gives one, else by its title."""

    def __init__(self):
        super().__init__(Source, field="title")

    def clean(self, value, row=None, **kwargs):
        slug = (row or {}).get("source_slug") or ""
        if slug.strip():
            return SlugWidget(Source).clean(slug, row)
        title = unneutralise((value or "").strip())
        if not title:
            return None
        matches = list(Source.objects.filter(title=title)[:3])
        if not matches:
            raise ValueError(_("No source has the title “%(title)s”.") % {"title": title})
        if len(matches) > 1:
            slugs = ", ".join(source.slug for source in matches)
            message = _("Several sources have the title “%(title)s” (%(slugs)s): give source_slug.")
            raise ValueError(message % {"title": title, "slugs": slugs})
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return neutralise(super().render(value, **kwargs) or "")


class ActorWidget(widgets.ForeignKeyWidget):
    """The cited actor by its slug (actor_slug) if the row gives one, else by name or alias."""

    def __init__(self):
        super().__init__(Actor, field="name")

    def clean(self, value, row=None, **kwargs):
        slug = (row or {}).get("actor_slug") or ""
        if slug.strip():
            return SlugWidget(Actor).clean(slug, row)
        name = unneutralise((value or "").strip())
        if not name:
            return None
        return find_by_name_or_alias(Actor.objects.all(), name, _("actor"))

    def render(self, value, obj=None, **kwargs):
        return neutralise(super().render(value, **kwargs) or "")


class MeasureWidget(widgets.ForeignKeyWidget):
    """What the answer measures, by its slug among the measures of the row's question."""

    def __init__(self):
        super().__init__(Measure, field="slug")

    def clean(self, value, row=None, **kwargs):
        slug = (value or "").strip()
        if not slug:
            return None
        question = ((row or {}).get("question_slug") or "").strip()
        measure = Measure.objects.filter(question__slug=question, slug=slug).first()
        if measure is None:
            message = _("The question “%(question)s” has no measure “%(slug)s”.")
            raise ValueError(message % {"question": question, "slug": slug})
        return measure


class AnswerField(fields.Field):
    """
    The value column, read as the question asks: with a bound, the figure; otherwise an
    ISO date, a place's name or spelling, yes or no, or a text.
    """

    def __init__(self):
        super().__init__(attribute="value", column_name="value", widget=NumberWidget())

    def save(self, instance, row, is_m2m=False, **kwargs):
        text = unneutralise((row.get("value") or "").strip())
        instance.value = instance.date_value = instance.place = instance.boolean_value = None
        instance.date_precision = instance.text_value = ""
        if (row.get("bound") or "").strip():
            instance.value = self.widget.clean(text)
            return
        if not text or instance.question_id is None:
            return
        value_type = instance.question.value_type
        T = Question.ValueType
        if value_type == T.DATE:
            instance.date_value, instance.date_precision = parse_partial_date(text)
        elif value_type == T.PLACE:
            instance.place = find_by_name_or_alias(Actor.objects.places(), text, _("place"))
        elif value_type == T.YES_NO:
            if text not in ("yes", "no"):
                raise ValueError(_("Answer yes or no, not “%(text)s”.") % {"text": text})
            instance.boolean_value = text == "yes"
        elif value_type == T.TEXT:
            instance.text_value = text
        # A numeric question without a bound: the model's validation says what is missing.

    def export(self, instance, **kwargs):
        if instance.question_id is None:
            return ""
        return answer_value(instance) if instance.bound else neutralise(answer_value(instance))


class Memoised(widgets.Widget):
    """A lookup asked once per distinct cell in one import: files name few sources often."""

    def __init__(self, widget, *row_columns):
        self.widget, self.row_columns, self.memo = widget, row_columns, {}

    def clean(self, value, row=None, **kwargs):
        key = (value, *((row or {}).get(column) for column in self.row_columns))
        if key not in self.memo:
            try:
                self.memo[key] = (self.widget.clean(value, row, **kwargs), None)
            except ValueError as error:
                self.memo[key] = (None, error)
        found, error = self.memo[key]
        if error is not None:
            raise error
        return found

    def render(self, value, obj=None, **kwargs):
        return self.widget.render(value, obj, **kwargs)


class ClaimResource(DossierResource):
    # The export contract's columns, in its order.
    question_slug = fields.Field(attribute="question", widget=SlugWidget(Question))
    question = fields.Field(attribute="question__text_en", widget=TextWidget(), readonly=True)
    event = fields.Field(attribute="question__event__name", widget=TextWidget(), readonly=True)
    source = fields.Field(attribute="source", widget=SourceWidget())
    actor = fields.Field(attribute="actor", widget=ActorWidget())
    stated_value = fields.Field(attribute="stated_value", widget=TextWidget())
    value = AnswerField()
    value_min = fields.Field(attribute="value_min", widget=NumberWidget())
    value_max = fields.Field(attribute="value_max", widget=NumberWidget())
    bound = fields.Field(attribute="bound", widget=widgets.CharWidget())
    unit = fields.Field(attribute="question__unit", widget=TextWidget(), readonly=True)
    as_of = PartialDateField("as_of", "as_of_precision")
    quote = fields.Field(attribute="quote", widget=TextWidget())
    # Optional columns.
    source_slug = fields.Field(attribute="source__slug", readonly=True)
    actor_slug = fields.Field(attribute="actor__slug", readonly=True)
    attribution = fields.Field(
        attribute="attribution", widget=KeepWhenBlankWidget(), saves_null_values=False
    )
    scope = fields.Field(attribute="scope", widget=TextWidget())
    quote_translation = fields.Field(attribute="quote_translation", widget=TextWidget())
    rank = fields.Field(attribute="rank", widget=KeepWhenBlankWidget(), saves_null_values=False)
    rank_reason = fields.Field(attribute="rank_reason", widget=TextWidget())
    notes = fields.Field(attribute="notes", widget=TextWidget())
    scope_de = fields.Field(attribute="scope_de", widget=TextWidget())
    notes_de = fields.Field(attribute="notes_de", widget=TextWidget())
    text_value_de = fields.Field(attribute="text_value_de", widget=TextWidget())
    measure = fields.Field(attribute="measure", widget=MeasureWidget())
    tolerance = fields.Field(attribute="tolerance", widget=NumberWidget())
    # "yes": the value differs from the figure in the stated wording, and that is right.
    confirm_figure = fields.Field(column_name="confirm_figure", readonly=True)

    class Meta:
        model = Claim
        fields = [*COLUMNS, *EXTRA_COLUMNS]
        import_order = export_order = fields
        # A row updates the claim with the same question, source, actor and wording.
        import_id_fields = ["question_slug", "source", "actor", "stated_value"]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, row_columns in [("question_slug", ()), ("source", ("source_slug",))]:
            self.fields[name].widget = Memoised(self.fields[name].widget, *row_columns)
        self.fields["actor"].widget = Memoised(self.fields["actor"].widget, "actor_slug")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("question__event", "source", "actor", "place", "measure")

    def get_instance(self, instance_loader, row):
        """The claim this row updates, if there is one; a name we cannot resolve is an error."""
        lookup, errors = {}, {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name not in row:
                return None
            try:
                lookup[field.attribute] = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)
        if lookup["question"] is None or lookup["source"] is None:
            return None
        matches = list(self.get_queryset().filter(**lookup)[:2])
        if len(matches) > 1:
            raise ValidationError(
                _("Several claims have this question, source, actor and stated value.")
            )
        return matches[0] if matches else None

    def dehydrate_confirm_figure(self, claim):
        return "yes" if figure_differs(claim.stated_value, claim.value) else ""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        stored = (instance.value, instance.value_min, instance.value_max)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Without an actor a claim is the source's own statement; a new claim citing
        # one is "according to" it unless the row says how.
        if instance.actor_id is None:
            instance.attribution = Claim.Attribution.OWN
        elif instance.pk is None and instance.attribution == Claim.Attribution.OWN:
            instance.attribution = Claim.Attribution.ACCORDING_TO
        errors.update(self.bounds_errors(instance, row, stored))
        if "value" not in errors and figure_differs(instance.stated_value, instance.value):
            if (row.get("confirm_figure") or "").strip().lower() not in YES:
                message = _(
                    "The value %(value)s is not the figure in the stated wording “%(wording)s”. "
                    "Correct it, or write yes in the column confirm_figure."
                )
                value = f"{instance.value.normalize():f}"
                errors["value"] = [message % {"value": value, "wording": instance.stated_value}]
        if errors:
            raise ValidationError(errors)

    def bounds_errors(self, instance, row, stored) -> dict[str, list[str]]:
        """Bounds given beside a figure must be the ones its bound implies.

        As in the admin's form, a changed value re-derives its bounds: a row that changes
        the value of an exported claim and leaves its old bounds beside it is no error.
        """
        value, *stored_bounds = stored
        given = {
            name: getattr(instance, name)
            for name in ("value_min", "value_max")
            if (row.get(name) or "").strip()
        }
        if instance.value != value and list(given.values()) == [
            bound for bound in stored_bounds if bound is not None
        ]:
            given = {}
        instance.fill_bounds()
        errors = {}
        for name, number in given.items():
            if number != getattr(instance, name):
                message = _("%(name)s does not follow from the value and its bound.")
                errors[name] = [message % {"name": name}]
        return errors

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.changed_questions = set()

    def after_save_instance(self, instance, row, **kwargs):
        self.changed_questions.add(instance.question_id)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # The index shows each question's stored analysis: keep it current.
        if self.is_committed(result, **kwargs):
            Question.objects.filter(pk__in=self.changed_questions).refresh_analysis()


class SourceWithQuotesResource(SourceResource):
    """Sources as the admin imports them: a new text keeps every quote its claims hold."""

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            refuse_lost_quotes(instance, instance.text)
        except ValidationError as error:
            errors.setdefault("text", []).extend(error.messages)
        if errors:
            raise ValidationError(errors)
