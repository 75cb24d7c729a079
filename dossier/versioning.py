"""
No lost update: every edited object carries a version, and a form remembers the one it
was opened with. A save from a form opened before someone else's save is refused.

A model takes part by inheriting `Versioned`; the admin's forms (DossierAdmin's default
form, `VersionedForm`) then check and bump its version on every save.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """Counts the saves made through forms and imports, so a stale form can be told apart."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def stale_message(model) -> str:
    name = model._meta.verbose_name
    return _(
        "This %(name)s was changed by someone else while you were editing it. "
        "Your changes were not saved: open the %(name)s again to see theirs, "
        "then make yours."
    ) % {"name": name}


def historical_relations(record, fields) -> dict[str, list]:
    """The many-to-many values (a verdict's claims, a source's authors) a history record
    kept: a revert form opened from it shows them, not the current ones."""
    values = {}
    for field in getattr(record, "_history_m2m_fields", []):
        if field.name in fields:
            target = field.m2m_reverse_field_name()
            rows = getattr(record, field.name).values_list(f"{target}_id", flat=True)
            values[field.name] = list(rows)
    return values


class VersionedForm(forms.ModelForm):
    """A model form with optimistic locking for `Versioned` models (a no-op for others).

    The form carries the version its object had when the form was opened. Saving
    locks the row (select_for_update, inside the admin's transaction), compares, and
    writes the current version + 1, so a revert from the history is a new version too.
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_versioned and not self.is_bound and self.instance.pk:
            # The stored version, not the instance's: a history revert shows an old
            # instance, but the form is opened against the current row.
            self.fields["opened_version"].initial = self.current_version()
        record = getattr(self.instance, "_history", None)
        if record is not None and not self.is_bound:
            self.initial |= historical_relations(record, self.fields)

    @property
    def is_versioned(self) -> bool:
        return isinstance(self.instance, Versioned)

    def current_version(self, lock: bool = False) -> int | None:
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        cleaned_data = super().clean()
        if self.is_versioned and self.instance.pk:
            # Checked on every save, changed fields or not: inlines (an actor's
            # spellings) are saved with their parent's form.
            current = self.current_version(lock=True)
            name = self.instance._meta.verbose_name
            if current is None:
                raise forms.ValidationError(
                    _("This %(name)s was deleted by someone else while you were editing it.")
                    % {"name": name},
                    code="deleted",
                )
            if current != cleaned_data.get("opened_version"):
                raise forms.ValidationError(stale_message(self.instance), code="conflict")
            self.locked_version = current
        return cleaned_data

    def save(self, commit=True):
        if self.is_versioned and self.instance.pk:
            self.instance.version = self.locked_version + 1
        return super().save(commit)
