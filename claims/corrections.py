"""A change to what readers already see is a correction, made in the open: the form of a
published object asks why, and only a reviewer may make it (dossier/publication.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dossier.publication import correcting, may_review
from dossier.versioning import VersionedForm

# Fields whose change is no change of content.
BOOKKEEPING = {"opened_version", "correction_reason"}


class CorrectedForm(VersionedForm):
    """The admin sets `editor` on the form's class (ReviewedAdmin.get_form)."""

    editor = None
    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("This is published: readers see what you change, the date, and this reason."),
    )

    def is_correction(self) -> bool:
        instance = self.instance
        changed = [name for name in self.changed_data if name not in BOOKKEEPING]
        return bool(instance.pk and instance.is_published and changed)

    def clean(self):
        cleaned = super().clean()
        if self.is_correction():
            model = type(self.instance)
            if self.editor is not None and not may_review(self.editor, model):
                raise forms.ValidationError(
                    _(
                        "This %(name)s is published: a change to it is a correction, which a "
                        "reviewer makes. Ask a reviewer, or have it withdrawn."
                    ),
                    code="correction_by_reviewer",
                    params={"name": model._meta.verbose_name},
                )
            if not cleaned.get("correction_reason", "").strip():
                self.add_error(
                    "correction_reason",
                    _("Say why it is corrected: readers see the reason beside the change."),
                )
        return cleaned

    def save(self, commit=True):
        if self.is_correction():
            correcting(self.instance, self.cleaned_data["correction_reason"].strip())
        return super().save(commit)
