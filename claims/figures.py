"""Which figures a claim may state: what both databases store and read back exactly."""

from decimal import Context, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# A figure both databases store and read back exactly: SQLite keeps a fraction as a
# double, which holds 15 significant digits; the columns hold 16 whole digits and 4 places.
FIGURE_MAX_DIGITS = 20
FIGURE_DECIMAL_PLACES = 4
FIGURE_SIGNIFICANT_DIGITS = 15


def validate_figure(value: Decimal) -> None:
    if not value.is_finite():
        raise ValidationError(_("Enter a number."), code="invalid")
    digits = value.normalize(Context(prec=FIGURE_MAX_DIGITS + 10)).as_tuple().digits
    if len(digits) > FIGURE_SIGNIFICANT_DIGITS:
        raise ValidationError(
            _(
                "A figure can have at most %(limit)d significant digits; this one has "
                "%(digits)d. Round it, or state it in a larger unit."
            ),
            code="significant_digits",
            params={"limit": FIGURE_SIGNIFICANT_DIGITS, "digits": len(digits)},
        )


def figure_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=FIGURE_MAX_DIGITS,
        decimal_places=FIGURE_DECIMAL_PLACES,
        null=True,
        blank=True,
        validators=[validate_figure],
        **kwargs,
    )
