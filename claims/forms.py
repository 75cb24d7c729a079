from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Claim, Measure, Verdict


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
        if "measure" in self.fields and self.instance.question_id:
            # Only what this question's answers may measure.
            self.fields["measure"].queryset = Measure.objects.filter(
                question_id=self.instance.question_id
            )

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


class VerdictForm(forms.ModelForm):
    """The editors' verdict: its claims must answer its question."""

    class Meta:
        model = Verdict
        fields = ["question", "agreement", "reason", "reason_de", "rests_on"]

    def clean(self):
        cleaned_data = super().clean()
        # On the question's page the inline sets the question on the instance.
        question = cleaned_data.get("question")
        if question is None and self.instance.question_id:
            question = self.instance.question
        strangers = [
            claim
            for claim in cleaned_data.get("rests_on") or []
            if question is not None and claim.question_id != question.pk
        ]
        if strangers:
            self.add_error(
                "rests_on",
                _("A verdict rests only on answers to its question, not on: %(claims)s.")
                % {"claims": "; ".join(str(claim) for claim in strangers)},
            )
        return cleaned_data


class ClaimRelationFormSet(forms.BaseInlineFormSet):
    """Relations from a claim to other answers to the same question."""

    def clean(self):
        super().clean()
        question_id = self.instance.question_id
        for form in self.forms:
            other = (getattr(form, "cleaned_data", None) or {}).get("other")
            if other is None or form.cleaned_data.get("DELETE"):
                continue
            if other.question_id != question_id:
                form.add_error("other", _("Relate only claims that answer the same question."))
            elif self.instance.pk and other.pk == self.instance.pk:
                form.add_error("other", _("A claim cannot be related to itself."))
