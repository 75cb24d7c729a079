"""Finding quotes in a source's text, with whitespace normalised."""

import re
from dataclasses import dataclass, field


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
