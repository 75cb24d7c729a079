"""A document's text and what it says of itself, read from its bytes.

This version reads plain UTF-8 text only; the full library (web pages, PDFs, Word files,
OCR) has the same names and replaces it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _


@dataclass
class Extracted:
    text: str
    kind: str
    method: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    outlet: str = ""
    published_on: date | None = None
    published_precision: str = ""
    url: str = ""
    language: str = ""
    pages: list[tuple[int, int]] = field(default_factory=list)
    ocr: bool = False


class Refused(Exception):
    """The document cannot be read; str(error) says why, in the editor's words."""


def extract(
    data: bytes, name: str = "", languages=("en", "de"), *, max_bytes: int = 50 * 2**20
) -> Extracted:
    if len(data) > max_bytes:
        raise Refused(_("The file is larger than %(size)d MB.") % {"size": max_bytes // 2**20})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(_("The file is not text this site can read.")) from None
    if "\0" in text:
        raise Refused(_("The file is not text this site can read."))
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise Refused(_("The file holds no text."))
    first_line = text.split("\n", 1)[0].strip()
    return Extracted(text=text, kind="text", method="plain text", title=first_line[:300])
