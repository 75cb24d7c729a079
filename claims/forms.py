import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from dossier.publication import may_review

from .corrections import CorrectedForm
from .models import Claim, Measure, Question, Verdict
from .review import ReviewRefused, check_verdict
from .similar import similar_questions

# A figure as German or English texts write it: "164", "10.000", "10,000", "1,5", "2.5",
# with an optional scale word: "1,5 Millionen", "2 Mrd.", "4 million".
SCALES = {
    "tausend": 10**3,
    "thousand": 10**3,
    "millionen": 10**6,
    "million": 10**6,
    "mio": 10**6,
    "milliarden": 10**9,
    "milliarde": 10**9,
    "mrd": 10**9,
    "billion": 10**9,
    "billionen": 10**12,
}
SCALE_WORDS = "|".join(sorted(SCALES, key=len, reverse=True))
FIGURE = re.compile(rf"(?<![\d.,])(\d+(?:[.,]\d+)*)(?:\s*({SCALE_WORDS})\b)?", re.IGNORECASE)


def stated_figures(wording: str) -> set[Decimal]:
    """Every figure the wording may state, read the German and the English way.

    "10.000" may be ten thousand (German) or ten (English); "1,5 Millionen" one and a half
    million. Kept small on purpose: the editor confirms, this only catches slips.
    """
    figures = set()
    for match in FIGURE.finditer(wording):
        digits, scale = match.group(1), SCALES.get((match.group(2) or "").lower(), 1)
        readings = {
            digits.replace(".", "").replace(",", "."),  # German: 10.000 and 1,5
            digits.replace(",", ""),  # English: 10,000 and 1.5
        }
        for reading in readings:
            try:
                figures.add(Decimal(reading) * scale)
            except InvalidOperation:
                continue  # "05.01.2022": a date, not a figure
    return figures


def figure_differs(wording: str, value: Decimal | None) -> bool:
    """Whether the wording states figures and none of them is the value."""
    if value is None:
        return False
    figures = stated_figures(wording)
    return bool(figures) and value not in figures


class ClaimForm(CorrectedForm):
    """The editors' claim form: optimistic locking, and the stated figure checked.

    A value that is none of the figures the stated wording gives ("164" with 165) is
    held back with a warning, and a "the figure is right" box to confirm it.
    """

    confirm_figure = forms.BooleanField(
        label=_("The figure is right"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_("Tick to save a value that differs from the figure in the stated wording."),
    )

    class Meta:
        model = Claim
        fields = []  # the admin names the fields it shows

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "measure" in self.fields and self.instance.question_id:
            # Only what this question's answers may measure.
            self.fields["measure"].queryset = Measure.objects.filter(
                question_id=self.instance.question_id
            )

    def clean(self):
        cleaned_data = super().clean()
        value = cleaned_data.get("value")
        wording = cleaned_data.get("stated_value") or ""
        if figure_differs(wording, value) and not cleaned_data.get("confirm_figure"):
            self.fields["confirm_figure"].widget = forms.CheckboxInput()
            self.add_error(
                "value",
                forms.ValidationError(
                    _(
                        "The value %(value)s is not the figure in the stated wording "
                        "“%(wording)s”. Correct it, or tick “The figure is right” to save it."
                    ),
                    code="figure",
                    params={"value": f"{value.normalize():f}", "wording": wording},
                ),
            )
        return cleaned_data


# What the question form compares with the existing questions.
COMPARED_FIELDS = ["text_en", "text_de", "keywords", "keywords_de", "value_type", "unit", "unit_de"]


class QuestionForm(CorrectedForm):
    """The editors' question form: a new question that may ask what an existing one
    asks (claims/similar.py) is held back, with the existing ones listed, until the
    editor ticks "This question is new"."""

    confirm_new = forms.BooleanField(
        label=_("This question is new"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Question
        fields = []  # the admin names the fields it shows

    def clean(self):
        cleaned_data = super().clean()
        self.similar = []
        if self.instance.pk or self.errors or cleaned_data.get("confirm_new"):
            return cleaned_data
        candidate = Question(
            event=cleaned_data.get("event"),
            **{name: cleaned_data.get(name) or "" for name in COMPARED_FIELDS},
        )
        self.similar = similar_questions(candidate)
        if self.similar:
            field = self.fields["confirm_new"]
            field.widget = forms.CheckboxInput()
            field.help_text = similar_list(self.similar)
            self._bound_fields_cache.pop("confirm_new", None)  # it copied the help text
            self.add_error(
                "confirm_new",
                forms.ValidationError(
                    _(
                        "Existing questions may ask the same thing (listed below). Follow a "
                        "link to use one, or tick “This question is new” to add this one."
                    ),
                    code="similar",
                ),
            )
        return cleaned_data


def similar_list(suggestions) -> str:
    """The suggestions as a list of links to the existing questions, with their reasons."""
    return format_html(
        '<ul class="similar-questions">{}</ul>',
        format_html_join(
            "",
            '<li><a href="{}" target="_blank">{}</a> <span class="quiet">({}; {})</span></li>',
            (
                (
                    reverse("admin:claims_question_change", args=[s.question.pk]),
                    s.question.text_en,
                    s.reason,
                    _("score %(score)s") % {"score": f"{s.score:.2f}"},
                )
                for s in suggestions
            ),
        ),
    )


class VerdictForm(CorrectedForm):
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
        if self.is_correction() and "agreement" in self.changed_data and question is not None:
            # A published verdict corrected to "conflict" obeys publishing's rule.
            corrected = Verdict(question=question, agreement=cleaned_data.get("agreement"))
            try:
                check_verdict(corrected)
            except ReviewRefused as refusal:
                self.add_error("agreement", str(refusal))
        return cleaned_data


class ClaimRelationFormSet(forms.BaseInlineFormSet):
    """Relations from a claim to other answers to the same question. Those of a published
    claim change what readers see: a correction, a reviewer's, with its reason (the claim
    form's own field)."""

    editor = None  # set by the admin (ClaimRelationInline.get_formset)

    def clean(self):
        super().clean()
        if self.corrects_published():
            if self.editor is not None and not may_review(self.editor, Claim):
                raise forms.ValidationError(
                    _(
                        "This claim is published: a change to its relations is a correction, "
                        "which a reviewer makes."
                    ),
                    code="correction_by_reviewer",
                )
            if not self.data.get("correction_reason", "").strip():
                raise forms.ValidationError(
                    _("Say why the relations are corrected, in the reason for the correction.")
                )
        question_id = self.instance.question_id
        for form in self.forms:
            other = (getattr(form, "cleaned_data", None) or {}).get("other")
            if other is None or form.cleaned_data.get("DELETE"):
                continue
            if other.question_id != question_id:
                form.add_error("other", _("Relate only claims that answer the same question."))
            elif self.instance.pk and other.pk == self.instance.pk:
                form.add_error("other", _("A claim cannot be related to itself."))

    def corrects_published(self) -> bool:
        # The claim as stored: its state is no field of its form.
        return bool(self.instance.pk) and self.instance.is_published and self.has_changed()


# Merging and splitting questions (claims/merging.py): each form carries the versions of
# the questions as the editor saw them, so a change made meanwhile refuses the whole step.


def question_chooser(queryset, label):
    """A question picked by typing its words, as the admin's own question fields are."""
    widget = AutocompleteSelect(Claim._meta.get_field("question"), admin.site)
    return forms.ModelChoiceField(queryset, label=label, widget=widget)


class ChooseQuestionForm(forms.Form):
    """The first step: which question (read from `?into=`)."""

    def __init__(self, *args, queryset, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"] = question_chooser(queryset, label)


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Reason"),
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Why: the history of the questions keeps it with who did it."),
            **kwargs,
        )


class MergeForm(forms.Form):
    """Merge one question into another: both versions as seen, and the reason."""

    merged_version = forms.IntegerField(widget=forms.HiddenInput)
    into_version = forms.IntegerField(widget=forms.HiddenInput)
    reason = ReasonField()


class SplitForm(forms.Form):
    """Move chosen claims to an existing question (`into_version` given) or a new one."""

    question_version = forms.IntegerField(widget=forms.HiddenInput)
    into_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    claims = forms.ModelMultipleChoiceField(
        Claim.objects.none(), label=_("Claims to move"), widget=forms.CheckboxSelectMultiple
    )
    slug = forms.SlugField(label=_("slug"), max_length=200, required=False)
    text_en = forms.CharField(label=_("question in English"), max_length=300, required=False)
    text_de = forms.CharField(label=_("question in German"), max_length=300, required=False)
    scope_note = forms.CharField(label=_("scope"), widget=forms.Textarea, required=False)
    scope_note_de = forms.CharField(
        label=_("scope in German"), widget=forms.Textarea, required=False
    )
    reason = ReasonField()

    NEW_QUESTION = ["slug", "text_en", "text_de", "scope_note", "scope_note_de"]

    def __init__(self, *args, question, into=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.into = into
        self.fields["claims"].queryset = question.claims.select_related("source", "actor")
        if into is not None:
            for name in self.NEW_QUESTION:
                del self.fields[name]

    def clean(self):
        cleaned_data = super().clean()
        if self.into is None:
            # The question's text is needed only in the dossier's first language.
            for name in ("slug", f"text_{settings.DOSSIER_LANGUAGES[0]}"):
                if name in self.fields and not cleaned_data.get(name):
                    self.add_error(name, _("The new question needs it."))
        elif cleaned_data.get("into_version") is None:
            raise forms.ValidationError(_("Open the page again: it lacks what you saw."))
        return cleaned_data

    def new_question(self) -> dict | None:
        if self.into is not None:
            return None
        return {name: self.cleaned_data[name] for name in self.NEW_QUESTION}
