"""Which figures and dates in a source's text no claim quotes yet.

A figure is claimed when its span lies inside the passage a claim quotes — the first
place the quote occurs, whitespace aside, as the source page highlights it.
"""

import bisect
import re
from dataclasses import dataclass, replace

from sources.text import quote_spans

from .parsing import Proposal, find_all

# A quote proposed for a figure is its sentence, cut to this many characters around
# it when the sentence runs on (tables, lists without full stops).
MAX_QUOTE = 1000
CONTEXT = 40

# Where a sentence ends: a line break, or . ! ? (and closing quotes) before a space and
# what may begin a sentence. Not after a day ("6. Januar") or a short abbreviation.
SENTENCE_END = re.compile(r"\n|(?<=[.!?…])[\"“”»«')]*\s+(?=[„\"“»«('A-ZÄÖÜ0-9])")
ABBREVIATIONS = re.compile(
    r"(?:(?<!\d)\d{1,2}|\b(?:ca|Mio|Mrd|Nr|Dr|St|bzw|vgl|usw|etc|Jan|Feb|Apr|Aug|Sept?|Okt|Oct|Nov|Dez"
    r"|Dec|Mr|Mrs|Ms|Prof|z\.B|u\.a|d\.h|o\.ä|v\.a|z\.T|U\.S|[A-Z]))\.[\"“”»«')]*$"
)


@dataclass
class Coverage:
    figures: list[Proposal]
    unclaimed: list[Proposal]

    @property
    def claimed(self) -> int:
        return len(self.figures) - len(self.unclaimed)


def quoted_spans(text: str, quotes) -> list[tuple[int, int]]:
    return [span for span in quote_spans(text, quotes) if span]


def coverage(
    text: str, spans, language: str, published=None, window: tuple[int, int] | None = None
) -> Coverage:
    """Every figure and date in the text (or in text[window[0]:window[1]], one page of
    it, cut between paragraphs), and those no quote covers. Read by the source's
    language: "1,400" is 1400 in English and 1.4 in German."""
    low, high = window or (0, len(text))
    figures = [
        replace(figure, start=figure.start + low, end=figure.end + low)
        for figure in find_all(text[low:high], language, published)
    ]
    spans = [span for span in spans if span]  # the quotes' spans (quote_spans())
    unclaimed = [
        figure
        for figure in figures
        if not any(start <= figure.start and figure.end <= end for start, end in spans)
    ]
    return Coverage(figures, unclaimed)


class Sentences:
    """Sentence boundaries of one text, for proposing a figure's sentence as its quote."""

    def __init__(self, text: str):
        self.text = text
        self.ends = [0]
        for match in SENTENCE_END.finditer(text):
            # (the longest abbreviation is a few characters: look no further back)
            before = max(0, match.start() - 12)
            closed = match.group()[0] in "\n\"“”»«')"  # a line, or a quotation, ends
            if closed or not ABBREVIATIONS.search(text, before, match.start()):
                self.ends.append(match.end())
        self.ends.append(len(text))

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence (or sentences) holding text[start:end], trimmed."""
        first = self.ends[bisect.bisect_right(self.ends, start) - 1]
        last = self.ends[bisect.bisect_left(self.ends, end)]
        if last - first > MAX_QUOTE:
            first = max(first, start - MAX_QUOTE // 2)
            last = min(last, first + MAX_QUOTE)
        return trimmed(self.text, first, last)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace at its ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def context(text: str, start: int, end: int) -> tuple[str, str, str]:
    """A figure with a few words either side, on one line: ("…kamen ", "164", " Menschen…")."""

    def line(part: str) -> str:
        return " ".join(part.split())

    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return (
        ("…" if start > CONTEXT else "")
        + line(before).lstrip()
        + (" " if before[-1:].isspace() else ""),
        line(text[start:end]),
        (" " if after[:1].isspace() else "")
        + line(after).rstrip()
        + ("…" if end + CONTEXT < len(text) else ""),
    )
