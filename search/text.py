"""Folding text for matching, and marking matches in escaped snippets."""

import functools
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case and without diacritics: "Schangaösen" → "schangaosen"."""
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))


def _letter_variants() -> dict[str, str]:
    """For each plain letter, the accented letters that fold to it: o → oòóôõöø…"""
    variants: dict[str, set[str]] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded.isalpha() and folded != char:
            variants.setdefault(folded, {folded}).add(char)
    return {letter: "[" + "".join(sorted(chars)) + "]" for letter, chars in variants.items()}


LETTER_VARIANTS = _letter_variants()


def loose_pattern(phrase: str) -> str:
    """A pattern for the phrase in unfolded text, whatever its case and accents."""
    words = []
    for word in fold(phrase).split():
        pattern = "".join(LETTER_VARIANTS.get(char, re.escape(char)) for char in word)
        words.append(pattern.replace("ss", "(?:ss|ß)"))
    return r"\s+".join(words)


def variants_pattern(variants: list[str], whole_words: bool = True) -> str:
    """A regular expression matching any variant in folded text, as words or word starts."""
    alternatives = "|".join(
        r"\s+".join(re.escape(word) for word in fold(variant).split())
        for variant in sorted(variants, key=len, reverse=True)
    )
    end = r"\b" if whole_words else r"\w*"
    return rf"\b(?:{alternatives}){end}"


@functools.lru_cache(maxsize=256)
def spellings_pattern(spellings: tuple[str, ...]) -> re.Pattern:
    """Any of the spellings as a word start, in unfolded text."""
    ordered = sorted(spellings, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(loose_pattern, ordered)) + r")\w*", re.IGNORECASE)


def snippet(text: str, groups: list[list[str]], width: int = 90) -> SafeString:
    """The passage around the first match, escaped, with every match in it marked."""
    pattern = spellings_pattern(tuple(sorted({s for group in groups for s in group})))
    first = pattern.search(text)
    if first is None:
        return escape(text[: 2 * width] + ("…" if len(text) > 2 * width else ""))
    start = max(0, first.start() - width)
    end = min(len(text), first.end() + width)
    parts, position = [], start
    for match in pattern.finditer(text, start, end):
        if match.end() > end:
            break
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word, to tell which query word an actor matched."""
    padded = f"  {fold(word)} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0
