from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Claim


class ClaimForm(forms.ModelForm):
    """The editors' claim form, with optimistic locking.

    The form carries the version of the claim it was opened with. If the claim
    was saved by someone else in the meantime, saving is refused with a message
    instead of silently overwriting their change.
    """

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = []  # the admin names the fields it shows; add "opened_version" to them

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and self.has_changed():
            # Inside the admin's transaction: lock the row until this save commits.
            current = (
                Claim.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is None:
                raise forms.ValidationError(
                    _("This claim was deleted by someone else while you were editing it."),
                    code="deleted",
                )
            if current != cleaned_data.get("opened_version"):
                raise forms.ValidationError(
                    _(
                        "This claim was changed by someone else while you were editing it. "
                        "Your changes were not saved: open the claim again to see theirs, "
                        "then make yours."
                    ),
                    code="conflict",
                )
        return cleaned_data

    def save(self, commit=True):
        if self.instance.pk and self.has_changed():
            self.instance.version = (self.cleaned_data.get("opened_version") or 0) + 1
        return super().save(commit)
