import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from dossier.versioning import VersionedForm

from .models import Claim

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


class ClaimForm(VersionedForm):
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
