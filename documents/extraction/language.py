"""A text's language, chosen among the dossier's languages only (py3langid)."""

import copy
import functools
import re
from collections.abc import Sequence

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Fewer letters than this and any guess is a coin toss: the language is left unsaid.
MIN_LETTERS = 40
# The start of a long text says its language as well as the whole, and far sooner.
SAMPLE_CHARS = 20_000
LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def identifier(languages: tuple[str, ...] = ()) -> LanguageIdentifier:
    """The model restricted to `languages`, or knowing all it knows when none are given.

    The model file is read once per process (half a second): a restricted identifier is a
    copy of the whole one, whose restriction makes arrays of its own."""
    if not languages:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    found = copy.copy(identifier())
    found.set_languages(list(languages))
    return found


def detect_language(text: str, languages: Sequence[str]) -> str:
    """One of `languages` (ISO 639-1 codes), or "" when the text is too short to tell."""
    known = identifier()
    wanted = tuple(sorted({code for code in languages if code in known.nb_classes}))
    sample = text[:SAMPLE_CHARS]
    if not wanted or len(LETTER.findall(sample)) < MIN_LETTERS:
        return ""
    if len(wanted) == 1:
        return wanted[0]
    language, _probability = identifier(wanted).classify(sample)
    return language
