"""Finding quotes in a source's text, with whitespace normalised."""

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

WHITESPACE = re.compile(r"\s+")


class QuoteFinder:
    """Finds quotes in one text, whitespace aside, many times over.

    The text is kept once with every run of whitespace as a single space, so each
    quote is a plain substring search; offsets are mapped back to the original.
    """

    def __init__(self, text: str):
        parts, self.starts, self.origins = [], [], []
        position = length = 0
        for run in [*WHITESPACE.finditer(text), None]:
            end = run.start() if run else len(text)
            # the words before this run of whitespace, then the run as one space
            self.starts.append(length)
            self.origins.append(position)
            parts.append(text[position:end])
            length += end - position
            if run:
                parts.append(" ")
                length += 1
                position = run.end()
        self.normalised = "".join(parts)

    def original(self, offset: int) -> int:
        """The offset in the original text of a character outside whitespace."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.origins[i] + offset - self.starts[i]

    def find(self, quote: str) -> tuple[int, int] | None:
        """Where the quote stands in the text, as (start, end), or None."""
        wanted = squeeze(quote)
        start = self.normalised.find(wanted) if wanted else -1
        if start < 0:
            return None
        return self.original(start), self.original(start + len(wanted) - 1) + 1


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where the quote first stands in the text, whitespace aside, as QuoteFinder finds it.

    For one quote in a long text: a pattern with any whitespace between the words, run
    by C code (QuoteFinder squeezes the whole text first, half a second for 2 MB).
    """
    words = quote.split()
    if not words:
        return None
    found = re.compile(r"\s+".join(map(re.escape, words))).search(text)
    return found.span() if found else None


def pages_holding(pages: list, start: int, end: int) -> tuple[int, int] | None:
    """The first and last page (counted from 1) of the text from start to end, given
    where each page begins and ends in it, as [start, end] pairs (a PDF's, kept by the
    document the text was read from); None past the last page.

    The blank line between two pages counts with the page before it, and a page without
    text holds nothing."""
    if not pages or end > max(last for _, last in pages):
        return None

    def page_at(offset: int) -> int:
        holding = [
            number
            for number, (first, last) in enumerate(pages, start=1)
            if first < last and first <= offset
        ]
        return holding[-1] if holding else 1

    return page_at(start), page_at(max(start, end - 1))


def quote_spans(text: str, quotes) -> list[tuple[int, int] | None]:
    """Each quote's span in the text (None for a quote the text lacks)."""
    return [find_quote(text, quote) for quote in quotes]


# A long text is shown a page at a time: so many characters, cut between paragraphs.
PAGE_CHARACTERS = 20_000


def text_pages(text: str, size: int = PAGE_CHARACTERS) -> list[tuple[int, int]]:
    """The text cut into pages of at most about `size` characters, as (start, end).

    Each cut falls after a blank line if the page's second half has one, else after a
    line break, else after a space, so that no paragraph, sentence or figure is cut in
    two where it can be helped. An empty text is one empty page.
    """
    pages, start = [], 0
    while len(text) - start > size:
        limit, half = start + size, start + size // 2
        cut = -1
        for mark in ("\n\n", "\n", " "):
            cut = text.rfind(mark, half, limit)
            if cut >= 0:
                cut += len(mark)
                break
        end = cut if cut > start else limit
        pages.append((start, end))
        start = end
    pages.append((start, len(text)))
    return pages


def page_holding(pages: list[tuple[int, int]], offset: int) -> int:
    """The number (from 1) of the page that holds this offset of the text."""
    return max(1, bisect.bisect_right([start for start, _end in pages], offset))


def squeeze(text: str) -> str:
    """The text with every run of whitespace as one space: how quotes are compared."""
    return " ".join(text.split())


@lru_cache(maxsize=64)
def squeezed(text: str) -> str:
    """Kept for the next quote: an import checks many quotes against the same sources."""
    return squeeze(text)


def quote_found(quote: str, text: str) -> bool:
    """Whether the quote stands verbatim in the text, whitespace aside.

    The one test of a quote: verify_quotes, the admin's forms and every import use it.
    QuoteFinder finds the same quotes, and where they stand.
    """
    if quote.strip() and quote in text:
        return True  # verbatim, spacing and all: no need to squeeze a long text
    wanted = squeeze(quote)
    return bool(wanted) and wanted in squeezed(text)


@dataclass
class Segment:
    """A run of the text and the claims whose quotes cover it."""

    text: str
    claims: list = field(default_factory=list)
    starts: list = field(default_factory=list)  # claims whose quote begins here


def highlight(
    text: str, claims, window: tuple[int, int] | None = None, spans: list | None = None
) -> list[Segment]:
    """Split the text into plain runs and runs quoted by claims: the whole text, or
    only text[window[0]:window[1]] (one page), quotes found in the whole text (or
    given as `spans`, quote_spans() of the claims' quotes)."""
    low, high = window or (0, len(text))
    if spans is None:
        spans = quote_spans(text, [claim.quote for claim in claims])
    spans = [
        (max(found[0], low), min(found[1], high), claim)
        for found, claim in zip(spans, claims, strict=True)
        if found and found[0] < high and found[1] > low
    ]
    cuts = sorted({low, high} | {point for start, end, _c in spans for point in (start, end)})
    # One sweep over the cuts, the quotes that cover each run kept as they open and close:
    # a source with hundreds of claims has hundreds of runs.
    opening: dict[int, list] = {}
    for order, (start, end, claim) in enumerate(spans):
        opening.setdefault(start, []).append((order, end, claim))
    open_spans: dict[int, tuple] = {}
    segments = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        beginning = opening.get(start, [])
        open_spans.update((order, (stop, claim)) for order, stop, claim in beginning)
        for order in [order for order, (stop, _c) in open_spans.items() if stop <= start]:
            del open_spans[order]
        covering = [claim for _order, (_stop, claim) in sorted(open_spans.items())]
        segments.append(Segment(text[start:end], covering, [claim for _o, _e, claim in beginning]))
    return segments


# Where a sentence ends: after ".", "!" or "?" (and a closing quote), before whitespace.
SENTENCE_END = re.compile(r"(?<=[.!?])[“”\"»«']?\s+")


@dataclass
class InContext:
    """A quote with the sentences around it in its source's text."""

    before: str
    quote: str
    after: str
    cut_before: bool  # the text goes on before `before`
    cut_after: bool


def passage(source, quote: str) -> InContext | None:
    """The quote in its source's words around it: two sentences either side, or one where
    the full text is not the dossier's to publish (a claim's passages together must not
    give the whole article back)."""
    if source.text_public:
        return in_context(source.text, quote)
    return in_context(source.text, quote, sentences=1, limit=300)


def in_context(text: str, quote: str, sentences: int = 2, limit: int = 600) -> InContext | None:
    """The quote as it stands in the text, with up to `sentences` sentences either side
    (and at most `limit` characters each side), or None if the text lacks it."""
    found = find_quote(text, quote)
    if found is None:
        return None
    start, end = found
    ends = [match.end() for match in SENTENCE_END.finditer(text)]
    earlier = [point for point in ends if point <= start]
    later = [point for point in ends if point > end]
    begin = earlier[-sentences - 1] if len(earlier) > sentences else 0
    finish = later[sentences] if len(later) > sentences else len(text)
    begin, finish = max(begin, start - limit), min(finish, end + limit)
    return InContext(
        before=text[begin:start],
        quote=text[start:end],
        after=text[end:finish].rstrip(),
        cut_before=begin > 0,
        cut_after=finish < len(text.rstrip()),
    )


# Quotation marks by the quote's language (its source's): the primary tag decides.
QUOTATION_MARKS = {
    "de": ("„", "“"),
    "en": ("“", "”"),
    "fr": ("«\u00a0", "\u00a0»"),
    "ru": ("«", "»"),
    "kk": ("«", "»"),
    "uk": ("«", "»"),
}


def quotation_marks(language: str) -> tuple[str, str]:
    """The opening and closing marks a quote in this language (a BCP 47 tag) takes;
    English ones for a language not listed."""
    primary = (language or "").split("-")[0].lower()
    return QUOTATION_MARKS.get(primary, QUOTATION_MARKS["en"])
