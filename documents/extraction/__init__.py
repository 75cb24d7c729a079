"""
Documents brought in by editors, read: bytes in, clean text and metadata out.

`extract(data, name)` reads a web page, a PDF (scanned ones by OCR), a Word (.docx) file
or plain text, decided by the file's content, never its name, and returns an `Extracted`:
the text as plain paragraphs separated by a blank line, what kind of content it was, which
extraction made it, and the metadata the document states. A document that cannot be read
raises `Refused`, whose message is the reason in the editor's words; no other exception
leaves `extract`.

Nothing here touches the database: the `documents` app stores the original and makes the
Source.
"""

import logging
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from . import limits, sniffing
from .html import extract_html
from .language import detect_language
from .pdf import extract_pdf, too_long
from .results import Extracted, Refused, megabytes
from .text import decode, paragraphs
from .word import extract_docx

__all__ = ["Extracted", "Refused", "detect_language", "extract"]

logger = logging.getLogger(__name__)

# How each format is named to the editor.
NAMES = {
    sniffing.PDF: _("a PDF"),
    sniffing.DOCX: _("a Word document"),
    sniffing.HTML: _("a web page"),
    sniffing.TEXT: _("plain text"),
    sniffing.OLD_WORD: _("an old Word document (.doc)"),
}
# Recognised formats that Dossier does not read, and what to do instead.
UNREAD = {
    sniffing.OLD_WORD: _(
        "The file is an old Word document (.doc), which Dossier does not read. Save it as "
        ".docx or PDF."
    ),
    sniffing.ZIP: _(
        "The file is a zip archive, not a Word document. Upload the documents in it one by one."
    ),
    sniffing.IMAGE: _("The file is an image. Save it as a PDF to have it read by OCR."),
    sniffing.RTF: _("The file is in Rich Text Format, which Dossier does not read. Save it as "
                    ".docx or PDF."),
}  # fmt: skip


def extract(
    data: bytes,
    name: str = "",
    languages: Sequence[str] = ("en", "de"),
    *,
    max_bytes: int = limits.MAX_BYTES,
) -> Extracted:
    """The text and metadata of a document, or Refused with the reason."""
    if len(data) > max_bytes:
        raise Refused(
            _("The file is %(size)s MB; Dossier reads files of at most %(limit)s MB."),
            size=megabytes(len(data)),
            limit=megabytes(max_bytes),
        )
    if not data.strip():
        raise Refused(_("The file is empty."))
    found = sniffing.sniff(data)
    promised = sniffing.promised_by(name)
    try:
        extracted = read(data, found, languages)
    except Refused as refusal:
        if promised and promised != found and found == sniffing.TEXT:
            # Named as a format it does not have, and nothing else readable.
            raise Refused(
                _("The file is named %(name)s but is not %(promised)s, nor any document "
                  "Dossier reads."),
                name=name,
                promised=NAMES[promised],
            ) from refusal  # fmt: skip
        raise
    except Exception as error:
        # Whatever a library raised on a file it could not read: the editor is told, and
        # the error is logged for the developers.
        logger.exception("Extraction failed on %r", name)
        raise Refused(
            _("The file could not be read (%(error)s)."), error=type(error).__name__
        ) from error
    if promised and promised != extracted_format(extracted):
        extracted.notes.append(
            str(
                _("The file is named %(name)s but is %(found)s; it was read as such.")
                % {"name": name, "found": NAMES[extracted_format(extracted)]}
            )
        )
    if len(extracted.text) > limits.MAX_TEXT_CHARS:
        raise too_long(len(extracted.text))
    extracted.language = detect_language(extracted.text, languages)
    return extracted


def read(data: bytes, found: str, languages: Sequence[str]) -> Extracted:
    if found in UNREAD:
        raise Refused(UNREAD[found])
    if found == sniffing.PDF:
        return extract_pdf(data, languages)
    if found == sniffing.DOCX:
        return extract_docx(data)
    text, encoding = decode(data)
    if found == sniffing.HTML or sniffing.looks_like_html(text.encode("utf-8", "ignore")):
        return extract_html(text)
    return extract_text(text, encoding)


def extracted_format(extracted: Extracted) -> str:
    return sniffing.PDF if extracted.kind.startswith("pdf") else extracted.kind


# A plain text's first line is its title when it reads like one: short, not a sentence.
TITLE_MAX_CHARS = 200


def extract_text(text: str, encoding: str) -> Extracted:
    cleaned = paragraphs(text)
    if not cleaned:
        raise Refused(_("The file has no text."))
    first = cleaned.split("\n", 1)[0].strip()
    title = first if len(first) <= TITLE_MAX_CHARS and not first.endswith(".") else ""
    return Extracted(text=cleaned, kind="text", method=f"text ({encoding})", title=title)
