"""A source's text changes only so far as every quote its claims hold stays in it.

Every path that writes a source's text asks here first: the admin's form (a revert
from the history included) and the CSV import of sources. A claim whose quote has
gone from its source would be shown unhighlighted and fail verify_quotes; the editor
is told which claims, and corrects their quotes first.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sources.models import Source
from sources.text import quote_found

from .models import Claim
from .text import shorten

NAMED = 10  # claims named in the message; the others counted


def quotes_lost(source: Source, text: str) -> list[Claim]:
    """The claims whose quote the stored text holds and this text would not."""
    if source.pk is None:
        return []
    stored = Source.objects.filter(pk=source.pk).values_list("text", flat=True).first()
    if stored is None or stored == text:
        return []
    claims = (
        Claim.objects.by_source(source)
        .select_related("question")
        .only("quote", "stated_value", "question__text_en", "question__text_de")
        .order_by("pk")
    )
    return [
        claim
        for claim in claims
        if quote_found(claim.quote, stored) and not quote_found(claim.quote, text)
    ]


def refuse_lost_quotes(source: Source, text: str) -> None:
    """Raise a ValidationError naming the claims this text would leave without their quote."""
    lost = quotes_lost(source, text)
    if not lost:
        return
    named = "; ".join(
        _("claim %(id)s on “%(question)s” (quote “%(quote)s”)")
        % {"id": claim.pk, "question": claim.question.text, "quote": shorten(claim.quote, 60)}
        for claim in lost[:NAMED]
    )
    if len(lost) > NAMED:
        more = len(lost) - NAMED
        named += " " + ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more}
    raise ValidationError(
        ngettext(
            "This change would take away the quote of %(count)d claim: %(claims)s. "
            "Correct its quote first, or keep the passage it quotes.",
            "This change would take away the quotes of %(count)d claims: %(claims)s. "
            "Correct their quotes first, or keep the passages they quote.",
            len(lost),
        )
        % {"count": len(lost), "claims": named},
        code="quotes_lost",
    )
