"""
A PDF's text layer, page by page in reading order (pypdf), its metadata, and the pages
with no text layer read by OCR (ocr.py). Every bound in limits.py is checked here.
"""

import functools
import io
import logging
import time
from datetime import date
from importlib.metadata import version

from django.utils.translation import gettext_lazy as _
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

from . import limits, ocr
from .results import Extracted, Refused
from .text import lines_to_paragraphs

logger = logging.getLogger(__name__)


@functools.cache
def method() -> str:
    return f"pypdf {version('pypdf')}"


def extract_pdf(data: bytes, languages) -> Extracted:
    deadline = time.monotonic() + limits.PDF_TIME_LIMIT
    try:
        reader = PdfReader(io.BytesIO(data))
        unlock(reader)
        count = len(reader.pages)
        if count > limits.MAX_PDF_PAGES:
            raise Refused(
                _("The PDF has %(count)s pages; Dossier reads PDFs of at most %(limit)s pages."),
                count=count,
                limit=limits.MAX_PDF_PAGES,
            )
        texts, scanned = [], []
        for number, page in enumerate(reader.pages, start=1):
            if time.monotonic() > deadline:
                raise Refused(
                    _("Reading the PDF took longer than %(seconds)s seconds; it was stopped."),
                    seconds=limits.PDF_TIME_LIMIT,
                )
            raw = page.extract_text() or ""
            if len(raw) > limits.MAX_PAGE_CHARS:
                raise Refused(
                    _("Page %(number)s of the PDF holds more text than any page can."),
                    number=number,
                )
            text = lines_to_paragraphs(raw)
            if len(text) < limits.MIN_PAGE_CHARS and has_image(page):
                scanned.append(number)
            texts.append(text)
        metadata = reader.metadata or {}
        sizes = {number: page_size(reader.pages[number - 1]) for number in scanned}
    except Refused:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise password_protected() from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError, AssertionError, ZeroDivisionError,
            UnicodeError, OverflowError, MemoryError) as error:  # fmt: skip
        logger.info("Unreadable PDF: %r", error)
        raise Refused(
            _("The PDF is damaged or incomplete and cannot be read. Save it again, or upload "
              "the original file.")
        ) from None  # fmt: skip

    method_used = method()
    if scanned:
        found = ocr.read_pages(data, sizes, languages)
        for number, text in found.items():
            texts[number - 1] = lines_to_paragraphs(text)
        method_used = ocr.method(languages) if len(scanned) == count else (
            f"{method_used} + {ocr.method(languages)}"
        )  # fmt: skip

    text, pages = join_pages(texts)
    if not text.strip():
        if scanned:
            raise Refused(_("The PDF's pages are images in which OCR found no text."))
        raise Refused(_("The PDF has no text: its pages are empty."))
    if len(text) > limits.MAX_TEXT_CHARS:
        raise too_long(len(text))
    published_on = creation_date(metadata)
    return Extracted(
        text=text,
        kind="pdf-ocr" if scanned else "pdf",
        method=method_used,
        title=document_title(metadata),
        authors=[name for name in [str(metadata.get("/Author") or "").strip()] if name],
        published_on=published_on,
        published_precision="day" if published_on else "",
        pages=pages,
        ocr=bool(scanned),
    )


def unlock(reader: PdfReader) -> None:
    """A PDF encrypted only to restrict printing or copying opens with the empty password;
    one that needs a password to be read is refused."""
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise password_protected()


def password_protected() -> Refused:
    return Refused(
        _("The PDF is protected with a password. Upload a copy saved without the password.")
    )


def too_long(length: int) -> Refused:
    return Refused(
        _("The document's text is %(length)s characters long; Dossier reads at most %(limit)s."),
        length=f"{length:,}",
        limit=f"{limits.MAX_TEXT_CHARS:,}",
    )


def join_pages(texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The pages' texts separated by a blank line, and where each page begins and ends."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    for text in texts:
        if text:
            if parts:
                parts.append("\n\n")
                position += 2
            parts.append(text)
            offsets.append((position, position + len(text)))
            position += len(text)
        else:
            offsets.append((position, position))
    return "".join(parts), offsets


def has_image(page) -> bool:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    objects = resources.get("/XObject")
    if objects is None:
        return False
    return any(
        objects[name].get_object().get("/Subtype") in ("/Image", "/Form")
        for name in objects.get_object()
    )


def page_size(page) -> tuple[float, float]:
    """Width and height in points (1/72 inch)."""
    box = page.mediabox
    return abs(float(box.width)), abs(float(box.height))


def document_title(metadata) -> str:
    title = str(metadata.get("/Title") or "").strip()
    # Word's PDF printer titles every file after itself.
    for prefix in ("Microsoft Word - ", "Microsoft PowerPoint - "):
        title = title.removeprefix(prefix)
    return "" if title.lower() in ("untitled", "unbenannt") else title


def creation_date(metadata) -> date | None:
    try:
        created = metadata.creation_date
    except (ValueError, TypeError, AttributeError):
        return None
    return created.date() if created else None
