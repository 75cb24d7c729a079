"""Finding quotes in a source's text, with whitespace normalised."""

import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def quote_pattern(quote: str) -> re.Pattern | None:
    """Match the quote's words in order, whatever whitespace separates them."""
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where the quote stands in the text, as (start, end), or None."""
    pattern = quote_pattern(quote)
    if pattern is None:
        return None
    match = pattern.search(text)
    return match.span() if match else None


@dataclass
class Segment:
    """A run of the text and the claims whose quotes cover it."""

    text: str
    claims: list = field(default_factory=list)
    starts: list = field(default_factory=list)  # claims whose quote begins here


def highlight(text: str, claims) -> list[Segment]:
    """Split the text into plain runs and runs quoted by claims."""
    spans = []
    for claim in claims:
        found = find_quote(text, claim.quote)
        if found:
            spans.append((*found, claim))
    cuts = sorted({0, len(text)} | {point for start, end, _c in spans for point in (start, end)})
    segments = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [claim for s, e, claim in spans if s <= start and end <= e]
        beginning = [claim for s, _e, claim in spans if s == start]
        segments.append(Segment(text[start:end], covering, beginning))
    return segments


def highlighted_html(segments: list[Segment]) -> SafeString:
    """The text as escaped HTML, quoted runs marked and linked to their claims.

    Built here rather than in a template loop: a long source has hundreds of runs.
    """
    parts = []
    for segment in segments:
        for claim in segment.starts:
            parts.append(format_html('<span class="anchor" id="quote-{}"></span>', claim.pk))
        if segment.claims:
            first = segment.claims[0]
            parts.append(
                format_html(
                    '<mark class="quote" data-claims="{}"><a href="{}" title="{}">{}</a></mark>',
                    " ".join(str(claim.pk) for claim in segment.claims),
                    first.get_absolute_url(),
                    first.question.text,
                    segment.text,
                )
            )
        else:
            parts.append(escape(segment.text))
    return mark_safe("".join(parts))
