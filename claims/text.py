"""Text helpers for what the pages and the stored analysis show: no Django, plain strings."""


def shorten(text: str, length: int) -> str:
    """At most `length` characters, cut at a word boundary and marked with "…"."""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut and not text[length - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" /;,.–-") + "…"


def tidy_keywords(text: str) -> str:
    """Comma-separated keywords, each trimmed, without empty or repeated entries."""
    words = [" ".join(word.split()) for word in text.split(",")]
    return ", ".join(dict.fromkeys(word for word in words if word))
