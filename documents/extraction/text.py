"""
Plain text: its encoding found (UTF-8, UTF-16 or UTF-32 with a byte-order mark, else
Windows-1252 and the other encodings charset-normalizer recognises), and every
extraction's text brought to one shape: paragraphs separated by a blank line, lines that
a PDF or a scan broke joined again.
"""

import codecs
import re
import unicodedata

import charset_normalizer
from django.utils.translation import gettext_lazy as _

from .results import Refused

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What charset-normalizer may name for a Western European text saved by Windows: it
# cannot tell these apart on a short text, and Windows-1252 is what such a file is.
LATIN = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_1", "iso8859_2",
    "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14",
    "iso8859_15", "iso8859_16", "cp437", "cp775", "cp850", "cp852", "cp858",
    "mac_roman", "mac_latin2", "mac_iceland", "hp_roman8",
}  # fmt: skip
# Control characters other than tab and line breaks, soft hyphens and zero-width
# characters: never part of what a reader reads.
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff]")
SPACES = re.compile(r"[^\S\n]+")
SENTENCE_END = tuple(".!?:;\"'”“»«)…")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding, or Refused."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                raise Refused(
                    _("The file begins as %(encoding)s text but is not: it is damaged."),
                    encoding=encoding.upper().removesuffix("-SIG"),
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" not in data:
        best = charset_normalizer.from_bytes(data[:200_000]).best()
        if best is not None:
            if best.encoding in LATIN:
                try:
                    return data.decode("cp1252"), "windows-1252"
                except UnicodeDecodeError:
                    pass
            try:
                return data.decode(best.encoding), best.encoding
            except (UnicodeDecodeError, LookupError):
                pass
    raise Refused(
        _(
            "The file is not text in any encoding Dossier recognises (UTF-8, UTF-16, "
            "Windows-1252…), nor a PDF, Word document or web page. Save it as UTF-8 text, "
            "PDF or .docx."
        )
    )


def clean(text: str) -> str:
    """One text's characters normalised: composed accents, no invisible characters,
    single spaces, Unix line breaks."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = INVISIBLE.sub("", text).replace("\t", " ")
    return SPACES.sub(" ", text)


def paragraphs(text: str) -> str:
    """Paragraphs separated by one blank line, each kept with its own line breaks."""
    blocks = re.split(r"\n\s*\n", clean(text))
    kept = ("\n".join(line.strip() for line in block.split("\n")).strip() for block in blocks)
    return "\n\n".join(block for block in kept if block)


def lines_to_paragraphs(text: str) -> str:
    """A PDF page's or a scan's lines, which break wherever the line was full, joined
    into paragraphs again.

    A paragraph ends at a blank line, or at a line that ends a sentence well short of
    the page's longer lines. A word hyphenated at the line's end is joined again when
    its second half begins in lower case ("Flüssiggas-" "preise"), and keeps its hyphen
    otherwise ("Kassym-" "Jomart").
    """
    lines = [line.strip() for line in clean(text).split("\n")]
    full = sorted(len(line) for line in lines if line)
    # The length of a full line: a high quantile, so that a single long line does not set it.
    width = full[int(len(full) * 0.8)] if full else 0
    result: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                result.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and len(current) > 1 and current[-2].isalpha():
            current = current[:-1] + line if line[0].islower() else current + line
        else:
            current = f"{current} {line}"
        if line.endswith(SENTENCE_END) and len(line) < 0.8 * width:
            result.append(current)
            current = ""
    if current:
        result.append(current)
    return "\n\n".join(result)
