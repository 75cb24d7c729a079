"""
The filters of the question index, shared with the API and the exports.

Claim-level filters (who says it, where, when, which values) select claims; a
question matches when one of its claims matches them all at once.
"""

import django_filters as filters
from django import forms
from django.db import connections
from django.db.models import Case, Q, When
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import RangeField

from sources.models import Actor, Source, bcp47_validator

from .disputes import dispute_ordering
from .figures import FIGURE_DECIMAL_PLACES, FIGURE_MAX_DIGITS
from .models import Claim, Event, Question

MAX_QUERY_LENGTH = 200


class SlugOrNameField(forms.ModelChoiceField):
    """An object by its slug, as links write it, or by its name, as people type it."""

    def __init__(self, *args, name_field="name", **kwargs):
        self.name_field = name_field
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = " ".join(str(value).split())
        found = self.find(value)
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return found

    def find(self, value: str):
        """One query: the object with this slug, else the first with this name."""
        by_slug = self.queryset.filter(slug=value).order_by()[:1]
        by_name = self.queryset.filter(**{f"{self.name_field}__iexact": value}).order_by("pk")
        if connections[self.queryset.db].features.supports_slicing_ordering_in_compound:
            # The names are read only when no slug matched: a link's slug costs one
            # index lookup, not a scan of every question's text.
            # (No first(): it would order the union by primary key.)
            return next(iter(by_slug.union(by_name[:1], all=True)[:1]), None)
        exact_slug = Case(When(slug=value, then=0), default=1)
        either = Q(slug=value) | Q(**{f"{self.name_field}__iexact": value})
        return self.queryset.filter(either).order_by(exact_slug, "pk").first()

    def prepare_value(self, value):
        # Show what was typed (a slug or a name), not the object's primary key.
        return value.slug if hasattr(value, "slug") else value


class SlugChoiceFilter(filters.ModelChoiceFilter):
    """Chooses an object by its slug or name, typed with suggestions or linked."""

    field_class = SlugOrNameField

    def __init__(self, *args, kind=None, name_field="name", **kwargs):
        kwargs["name_field"] = name_field
        attrs = {"placeholder": _("name or slug")}
        if kind:
            # Suggestions as you type (static/js/suggest.js fills the datalist).
            attrs |= {
                "list": f"suggest-{kind}",
                "data-suggest": reverse_lazy("claims:suggest", args=[kind]),
                "autocomplete": "off",
            }
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(*args, **kwargs)


class DisputedCheckbox(forms.CheckboxInput):
    """A checkbox that sends "1"; the field, not the widget, decides what is valid."""

    def format_value(self, value):
        return "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


def label_each_input(form) -> None:
    """A from–to pair has one label; name each of its inputs for screen readers."""
    for field in form.fields.values():
        for i, widget in enumerate(getattr(field.widget, "widgets", [])):
            end = _("from") if i == 0 else _("to")
            widget.attrs["aria-label"] = f"{field.label}: {end}"


class FigureRangeField(RangeField):
    """Two figures within what a claim can hold, so that no database is asked about more."""

    def __init__(self, *args, **kwargs):
        fields = [
            forms.DecimalField(max_digits=FIGURE_MAX_DIGITS, decimal_places=FIGURE_DECIMAL_PLACES)
            for _bound in ("min", "max")
        ]
        super().__init__(fields, *args, **kwargs)


class FigureRangeFilter(filters.RangeFilter):
    field_class = FigureRangeField


class ClaimFilter(filters.FilterSet):
    actor = SlugChoiceFilter(queryset=Actor.objects.all(), kind="actor", label=_("Actor"))
    source = SlugChoiceFilter(
        queryset=Source.objects.all(), kind="source", name_field="title", label=_("Source")
    )
    outlet = SlugChoiceFilter(
        field_name="source__outlet",
        queryset=Actor.objects.all(),
        kind="outlet",
        label=_("Outlet"),
    )
    language = filters.CharFilter(
        field_name="source__language",
        lookup_expr="iexact",
        max_length=35,
        validators=[bcp47_validator],
        label=_("Language"),
    )
    published = filters.DateFromToRangeFilter(
        field_name="source__published_on", label=_("Published between")
    )
    as_of = filters.DateFromToRangeFilter(label=_("As of between"))
    value = FigureRangeFilter(method="filter_value", label=_("Value between"))

    class Meta:
        model = Claim
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_each_input(self.form)

    def filter_value(self, queryset, name, value):
        """Bounds-aware: "at least 225" lies in 200–300, "164" does not."""
        queryset = queryset.exclude(bound="")
        if value.start is not None:
            queryset = queryset.filter(Q(value_max__isnull=True) | Q(value_max__gte=value.start))
        if value.stop is not None:
            queryset = queryset.filter(Q(value_min__isnull=True) | Q(value_min__lte=value.stop))
        return queryset

    def is_active(self) -> bool:
        return any(
            value not in (None, "") and not (isinstance(value, slice) and value == slice(None))
            for value in self.form.cleaned_data.values()
        )


class QuestionOrdering(filters.OrderingFilter):
    """Sorting by agreement sorts by what the verdict means: disputes first (or last)."""

    def filter(self, qs, value):
        ordering = []
        for param in value or []:
            if param in EMPTY_VALUES:
                continue
            if param.lstrip("-") == "agreement":
                ordering += dispute_ordering(reverse=param.startswith("-"))
            else:
                ordering.append(self.get_ordering_value(param))
        return qs.order_by(*ordering)


class QuestionFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_search", max_length=MAX_QUERY_LENGTH, label=_("Search"))
    event = SlugChoiceFilter(queryset=Event.objects.all(), kind="event", label=_("Event"))
    value_type = filters.ChoiceFilter(choices=Question.ValueType.choices, label=_("Type of answer"))
    agreement = filters.ChoiceFilter(choices=Question.Agreement.choices, label=_("Agreement"))
    disputed = filters.ChoiceFilter(
        choices=[("1", _("Disputed only"))],
        method="filter_disputed",
        widget=DisputedCheckbox,
        label=_("Disputed only"),
    )
    sort = QuestionOrdering(
        fields=[
            ("event__starts_on", "event"),
            ("text_en", "question"),
            ("source_count", "sources"),
            ("agreement", "agreement"),
        ],
        field_labels={
            "event__starts_on": _("Event"),
            "text_en": _("Question"),
            "source_count": _("Sources"),
            "agreement": _("Agreement"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Question
        fields = []

    # The claims' filters (self.claim_filter) read the same query: their parameters are
    # the index's too (dossier.parameters.filter_parameters).
    also_reads = (ClaimFilter,)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        label_each_input(self.form)
        self.claim_filter = ClaimFilter(data, queryset=Claim.objects.all())

    def is_valid(self) -> bool:
        return self.claim_filter.is_valid() & super().is_valid()

    @property
    def errors(self):
        return self.form.errors | self.claim_filter.form.errors

    def filter_queryset(self, queryset):
        ordering = queryset.query.order_by
        queryset = super().filter_queryset(queryset)
        if not queryset.ordered:
            # "sort=," names no field: keep the default order, so pages stay stable.
            queryset = queryset.order_by(*ordering)
        if self.claim_filter.is_active():
            queryset = queryset.filter(pk__in=self.claim_filter.qs.values("question_id"))
        return queryset

    def filter_disputed(self, queryset, name, value):
        """Questions whose voices disagree: conflict, definition, framing, over time, accounts."""
        return queryset.disputed()

    def filter_search(self, queryset, name, value):
        """Questions whose text or whose claims match, searched as on the search page."""
        from search.engine import matching_questions

        return queryset.filter(matching_questions(value))
