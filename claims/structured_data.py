"""
schema.org JSON-LD for a question's page, as search engines and fact-check aggregators
read it: the question as a `Claim` that appears in each source answering it (a
`CreativeWork` with its address, publisher and date), reviewed in a `ClaimReview` where
the editors gave a verdict, rated by the verdict's name.
"""

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dossier.translation import localized
from sources.models import Actor, DatePrecision

# As Django's json_script: nothing in the data can close the script element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
ORGANISATION_KINDS = {
    Actor.Kind.ORGANISATION,
    Actor.Kind.GOVERNMENT_BODY,
    Actor.Kind.MEDIA_OUTLET,
    Actor.Kind.NEWS_AGENCY,
    Actor.Kind.STATE,
}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def partial_date(day, precision: str) -> str:
    """ISO 8601 to the precision the source gave: 2022, 2022-01 or 2022-01-10."""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def party(actor) -> dict:
    kind = "Organization" if actor.kind in ORGANISATION_KINDS else "Person"
    return {"@type": kind, "name": actor.name, "url": absolute(actor.get_absolute_url())}


def appearance(source) -> dict:
    """A source as the creative work a claim appears in; its own address where it has
    one, else its page here."""
    work = {
        "@type": "CreativeWork",
        "name": source.title,
        "url": source.url or absolute(source.get_absolute_url()),
    }
    if source.language:
        work["inLanguage"] = source.language
    if source.outlet is not None:
        work["publisher"] = party(source.outlet)
    if source.published_on:
        work["datePublished"] = partial_date(source.published_on, source.published_precision)
    return work


def question_data(question, claims, verdict) -> dict:
    """The question as a Claim, with the sources of `claims` (deprecated ones aside, as
    they are no voice), wrapped in a ClaimReview where `verdict` is given."""
    sources = {}
    for claim in claims:
        if claim.rank != claim.Rank.DEPRECATED:
            sources.setdefault(claim.source_id, claim.source)
    works = sorted(
        (appearance(source) for source in sources.values()),
        key=lambda work: (work.get("datePublished", "9999"), work["name"]),
    )
    url = absolute(question.get_absolute_url())
    claim = {"@type": "Claim", "name": question.text, "url": url, "appearance": works}
    if works:
        claim["firstAppearance"] = works[0]
    if verdict is None:
        return {"@context": "https://schema.org", **claim}
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "inLanguage": get_language(),
        "claimReviewed": question.text,
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": str(verdict.get_agreement_display()),
            "ratingExplanation": localized(verdict, "reason"),
        },
        "author": {"@type": "Organization", "name": "Dossier", "url": absolute("/")},
        "dateModified": verdict.updated_at.isoformat(),
    }
    # When readers first saw it; a verdict published before review existed, when last changed.
    review["datePublished"] = (verdict.published_at or verdict.updated_at).isoformat()
    return review


def json_ld(data: dict) -> SafeString:
    """The data as a script element of type application/ld+json, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
