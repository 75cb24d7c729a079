"""
CSV import and export in the editors' admin (django-import-export): actors and sources,
and the rules every import follows.

An import is all or nothing: each row is validated with the model's full_clean, and
unless every row is valid, nothing is written. A row that changes nothing is skipped,
so re-importing an export writes nothing. Row numbers count the rows under the header.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import NOT_PROVIDED, Q
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from dossier.dates import iso_date
from dossier.publication import Reviewed, correcting, may_review
from dossier.spreadsheets import FORMULA_PREFIXES, neutralise, plain_number
from dossier.versioning import Versioned
from pages.changes import changed_objects

from .models import Actor, ActorAlias, DatePrecision, Source

PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
LIST_SEPARATOR = ";"


def parse_partial_date(text: str) -> tuple[date | None, str]:
    """ISO 8601 at the precision known: "2022", "2022-01", "2022-01-06" → (date, precision)."""
    text = (text or "").strip()
    if not text:
        return None, ""
    match = PARTIAL_DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        year, month, day = match.groups()
        parsed = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        message = _("Enter a date as 2022, 2022-01 or 2022-01-06, not “%(text)s”.")
        raise ValueError(message % {"text": text}) from None
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return parsed, precision


def parse_number(text: str) -> Decimal | None:
    """A plain decimal with a dot, as the export writes it: "225", "2.5", "-3"."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        message = _("Enter a number such as 225 or 2.5, not “%(text)s”.")
        raise ValueError(message % {"text": text})
    return number


def unneutralise(cell: str) -> str:
    """Undo the export's guard against spreadsheet formulas: "'=x" is read as "=x"."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell


def split_list(cell: str) -> list[str]:
    return [item.strip() for item in (cell or "").split(LIST_SEPARATOR) if item.strip()]


def named_list(pairs) -> str:
    """Named things in one cell, as "slug: name; slug: name"."""
    return f"{LIST_SEPARATOR} ".join(f"{slug}: {name}" for slug, name in pairs)


def parse_named_list(cell: str) -> dict[str, str]:
    named = {}
    for item in split_list(cell):
        slug, colon, name = item.partition(":")
        if not colon or not slug.strip():
            message = _("Write each as “slug: name”, separated by semicolons, not “%(item)s”.")
            raise ValueError(message % {"item": item})
        named[slug.strip()] = name.strip()
    return named


# An actor's spelling, as "Tokajew (transliteration, de)": its kind and language, if
# known, in brackets after it.
ALIAS = re.compile(r"(?P<name>.+?)\s*\((?P<kind>[a-z]+)(?:,\s*(?P<language>[A-Za-z0-9-]+))?\)")


def alias_cell(alias) -> str:
    return (
        f"{alias.name} ({alias.kind}, {alias.language})"
        if alias.language
        else (f"{alias.name} ({alias.kind})")
    )


def parse_alias(text: str) -> tuple[str, str, str]:
    """(name, kind, language); a bracket that names no kind is part of the name."""
    match = ALIAS.fullmatch(text)
    if match and match["kind"] in ActorAlias.Kind.values:
        return match["name"], match["kind"], match["language"] or ""
    return text, ActorAlias.Kind.SPELLING, ""


class TextWidget(widgets.CharWidget):
    """Free text: guarded against spreadsheet formulas on export, unguarded on import."""

    def clean(self, value, row=None, **kwargs):
        return unneutralise(super().clean(value, row, **kwargs))

    def render(self, value, obj=None, **kwargs):
        return neutralise(super().render(value, **kwargs))


class KeepWhenBlankWidget(widgets.CharWidget):
    """A kind, a rank, a language: a blank cell keeps the object's value, or its default."""

    def __init__(self):
        super().__init__(allow_blank=False)

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        return value.strip() if value else None


class NumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_number(str(value or ""))

    def render(self, value, obj=None, **kwargs):
        return plain_number(value)


class SlugWidget(widgets.ForeignKeyWidget):
    """A related object named by its slug; an unknown slug is reported as the row's error."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            message = _("There is no %(model)s with the slug “%(slug)s”.")
            raise ValueError(
                message % {"model": self.model._meta.verbose_name, "slug": value}
            ) from None


class SlugListWidget(widgets.ManyToManyWidget):
    """Related objects named by their slugs, separated by semicolons; each must exist."""

    def __init__(self, model):
        super().__init__(model, separator=LIST_SEPARATOR, field="slug")

    def clean(self, value, row=None, **kwargs):
        slugs = split_list(str(value or ""))
        found = self.model.objects.filter(slug__in=slugs)
        missing = sorted(set(slugs) - {obj.slug for obj in found})
        if missing:
            message = _("There is no %(model)s with the slug “%(slug)s”.")
            raise ValueError(message % {"model": self.model._meta.verbose_name, "slug": missing[0]})
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{LIST_SEPARATOR} ".join(o.slug for o in value.all())


class PartialDateField(fields.Field):
    """One column for two model fields: a date at the precision known, and that precision."""

    def __init__(self, attribute: str, precision_attribute: str):
        super().__init__(attribute=attribute, column_name=attribute)
        self.precision_attribute = precision_attribute

    def clean(self, row, **kwargs):
        return parse_partial_date(str(row[self.column_name] or ""))

    def save(self, instance, row, is_m2m=False, **kwargs):
        day, precision = self.clean(row)
        setattr(instance, self.attribute, day)
        setattr(instance, self.precision_attribute, precision)

    def export(self, instance, **kwargs):
        return iso_date(
            getattr(instance, self.attribute), getattr(instance, self.precision_attribute)
        )


def find_by_name_or_alias(actors, name: str, what: str) -> Actor:
    """The one actor called so, by its name or one of its spellings."""
    matches = list(actors.filter(Q(name=name) | Q(aliases__name=name)).distinct()[:3])
    if not matches:
        raise ValueError(_("No %(what)s is called “%(name)s”.") % {"what": what, "name": name})
    if len(matches) > 1:
        slugs = ", ".join(actor.slug for actor in matches)
        message = _("Several %(what)ss are called “%(name)s” (%(slugs)s): give the slug.")
        raise ValueError(message % {"what": what, "name": name, "slugs": slugs})
    return matches[0]


def import_errors(outcome, limit: int = 5) -> str:
    """What went wrong, by row, for an editor: from an import's result or an exception."""
    if isinstance(outcome, Exception):
        return first_line(outcome)
    problems = [first_line(error.error) for error in outcome.base_errors]
    for number, errors in outcome.row_errors():
        problems += [
            _("row %(number)s: %(problem)s") % {"number": number, "problem": first_line(e.error)}
            for e in errors
        ]
    for row in outcome.invalid_rows:
        for field, messages in row.error_dict.items():
            name = "" if field == "__all__" else f"{field}: "
            problems += [
                _("row %(number)s: %(problem)s")
                % {"number": row.number, "problem": f"{name}{message}"}
                for message in messages
            ]
    more = len(problems) - limit
    text = "; ".join(problems[:limit])
    if more > 0:
        text += " " + _("(and %(count)s more)") % {"count": more}
    return text


def first_line(error) -> str:
    """An exception's message without the SQL or paths a database error may add."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


class DossierResource(resources.ModelResource):
    """What every import shares: validated rows, all or nothing, unchanged rows skipped."""

    class Meta:
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def import_data(self, dataset, **kwargs):
        # One invalid row rolls back the whole file, not only itself.
        kwargs["rollback_on_validation_errors"] = True
        result = super().import_data(dataset, **kwargs)
        # Editors read the messages; a traceback would show them the server's insides.
        for error in result.base_errors:
            error.traceback = ""
        for _number, errors in result.row_errors():
            for error in errors:
                error.traceback = ""
        return result

    def get_import_fields(self):
        # Asked again for every row, and worked out anew each time: keep the answer.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def import_instance(self, instance, row, **kwargs):
        """import-export's, with what it asks of each field for every row asked once:
        the same widgets clean the same cells, and errors are named the same way."""
        errors = {}
        for field, plain in self.written_fields():
            if field.column_name not in row:
                continue
            try:
                if plain:  # what Field.save does, without its steps for other cases
                    value = field.widget.clean(row[field.column_name], row=row, **kwargs)
                    if value is not None or field.saves_null_values:
                        setattr(instance, field.attribute, value)
                else:
                    field.save(instance, row, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def written_fields(self) -> list[tuple[fields.Field, bool]]:
        """The fields an import writes, and whether each is a plain one (a widget's value
        set on an attribute of the instance itself)."""
        if not hasattr(self, "_written_fields"):
            self._written_fields = [
                (
                    field,
                    type(field) is fields.Field
                    and "__" not in field.attribute
                    and field.default is NOT_PROVIDED,
                )
                for field in self.get_import_fields()
                if field.attribute
                and not field.readonly
                and not isinstance(field.widget, widgets.ManyToManyWidget)
            ]
        return self._written_fields

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.written = []

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if isinstance(instance, Versioned) and instance.pk:
            instance.version += 1  # an editor's open form of this object is now stale
        # Each row as stored before (its pages renew too: a claim moved) and as written.
        written = self.__dict__.setdefault("written", [])
        stored = type(instance)._base_manager.get(pk=instance.pk) if instance.pk else None
        if stored is not None:
            written.append(stored)
        written.append(instance)
        if isinstance(instance, Reviewed):
            reviewed(instance, stored, kwargs.get("user"), kwargs.get("file_name"))

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.is_committed(result, **kwargs):
            changed_objects(*self.written)

    def is_committed(self, result, **kwargs) -> bool:
        """Whether this import is written: no dry run, and every row valid."""
        return not (kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors())

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip a row only when every stored field would stay as it is."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        unchanged = all(
            getattr(instance, field.attname) == getattr(original, field.attname)
            for field in self._meta.model._meta.concrete_fields
        )
        return unchanged and super().skip_row(instance, original, row, import_validation_errors)


def reviewed(instance, stored, user, file_name) -> None:
    """An imported row is new work, a draft by whoever imports it; a row that changes what
    readers see is a correction, which only a reviewer imports, and says so openly."""
    if stored is None:
        instance.drafted_by = user if user is not None and user.is_authenticated else None
        return
    if not stored.is_published:
        return
    if user is not None and not may_review(user, type(instance)):
        raise ValidationError(
            _(
                "This row changes a published %(name)s: a change to it is a correction, which "
                "a reviewer makes. Ask a reviewer to import the file."
            )
            % {"name": type(instance)._meta.verbose_name}
        )
    correcting(
        instance, _("Corrected by an import of %(file)s.") % {"file": file_name or _("a file")}
    )


class ActorResource(DossierResource):
    slug = fields.Field(attribute="slug", widget=widgets.CharWidget())
    name = fields.Field(attribute="name", widget=TextWidget())
    kind = fields.Field(attribute="kind", widget=KeepWhenBlankWidget(), saves_null_values=False)
    description = fields.Field(attribute="description", widget=TextWidget())
    description_de = fields.Field(attribute="description_de", widget=TextWidget())
    # Every spelling the sources use, with its kind and language, separated by
    # semicolons: "Tokajew (transliteration, de); Toqajew". An import adds the new ones
    # and corrects the kind and language of the known ones.
    aliases = fields.Field(column_name="aliases", readonly=True)

    class Meta:
        model = Actor
        fields = ["slug", "name", "kind", "description", "description_de", "aliases"]
        import_id_fields = ["slug"]

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("aliases")

    def dehydrate_aliases(self, actor):
        cells = (alias_cell(alias) for alias in actor.aliases.all())
        return neutralise(f"{LIST_SEPARATOR} ".join(cells))

    def alias_changes(self, actor, row) -> list[ActorAlias]:
        """The spellings the row names that the actor lacks, or has as another kind."""
        known = {alias.name: alias for alias in actor.aliases.all()} if actor.pk else {}
        changes = []
        for cell in split_list(unneutralise(row.get("aliases") or "")):
            name, kind, language = parse_alias(cell)
            alias = known.get(name) or ActorAlias(actor=actor, name=name)
            if alias.pk is None or (alias.kind, alias.language) != (kind, language):
                alias.kind, alias.language = kind, language
                changes.append(alias)
        return changes

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not self.alias_changes(instance, row) and super().skip_row(
            instance, original, row, import_validation_errors
        )

    def after_save_instance(self, instance, row, **kwargs):
        for alias in self.alias_changes(instance, row):
            alias.actor = instance
            if alias.pk:
                alias.version += 1  # an editor's open form of this spelling is now stale
            alias.full_clean()
            alias.save()


class SourceResource(DossierResource):
    slug = fields.Field(attribute="slug", widget=widgets.CharWidget())
    title = fields.Field(attribute="title", widget=TextWidget())
    kind = fields.Field(attribute="kind", widget=KeepWhenBlankWidget(), saves_null_values=False)
    outlet = fields.Field(attribute="outlet", widget=SlugWidget(Actor))
    authors = fields.Field(attribute="authors", widget=SlugListWidget(Actor))
    published_on = PartialDateField("published_on", "published_precision")
    url = fields.Field(attribute="url", widget=widgets.CharWidget())
    language = fields.Field(
        attribute="language", widget=KeepWhenBlankWidget(), saves_null_values=False
    )
    parent = fields.Field(attribute="parent", widget=SlugWidget(Source))
    text = fields.Field(attribute="text", widget=TextWidget())
    text_public = fields.Field(
        attribute="text_public", widget=widgets.BooleanWidget(), saves_null_values=False
    )
    stance_notes = fields.Field(attribute="stance_notes", widget=TextWidget())
    stance_notes_de = fields.Field(attribute="stance_notes_de", widget=TextWidget())
    reliability_notes = fields.Field(attribute="reliability_notes", widget=TextWidget())
    reliability_notes_de = fields.Field(attribute="reliability_notes_de", widget=TextWidget())

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "kind",
            "outlet",
            "authors",
            "published_on",
            "url",
            "language",
            "parent",
            "text",
            "text_public",
            "stance_notes",
            "stance_notes_de",
            "reliability_notes",
            "reliability_notes_de",
        ]
        import_id_fields = ["slug"]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("outlet", "parent").prefetch_related("authors")

    def import_instance(self, instance, row, **kwargs):
        # The authors are saved after the row is validated: check their slugs now.
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "authors" in row:
            try:
                self.fields["authors"].clean(row)
            except ValueError as error:
                errors["authors"] = [str(error)]
        if errors:
            raise ValidationError(errors)
