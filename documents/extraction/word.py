"""
A Word (.docx) document's paragraphs and tables' text, in the order they stand, and its
core properties (title, author, created) as metadata, by python-docx. The archive is
checked before anything in it is unpacked.
"""

import functools
import io
import logging
import zipfile
from importlib.metadata import version

import docx
from django.utils.translation import gettext_lazy as _
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import limits
from .results import Extracted, Refused, megabytes
from .text import paragraphs

logger = logging.getLogger(__name__)

# python-docx's own template says it made the file: that is nobody's name.
PLACEHOLDER_AUTHORS = {"python-docx", "Unknown"}
TITLE_STYLES = {"Title", "Heading 1"}


@functools.cache
def method() -> str:
    return f"python-docx {version('python-docx')}"


def extract_docx(data: bytes) -> Extracted:
    check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [text for item in document.iter_inner_content() for text in block_texts(item)]
        properties = document.core_properties
        title = (properties.title or "").strip()
        author = (properties.author or "").strip()
        created = properties.created
    except Refused:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds on a broken file
        logger.info("Unreadable Word document: %r", error)
        raise Refused(
            _("The Word document is damaged and cannot be read. Save it again in Word.")
        ) from None
    text = paragraphs("\n\n".join(blocks))
    if not text:
        raise Refused(_("The Word document has no text."))
    if not title:
        title = next(
            (
                item.text.strip()
                for item in document.paragraphs
                if item.style is not None and item.style.name in TITLE_STYLES and item.text.strip()
            ),
            "",
        )
    return Extracted(
        text=text,
        kind="docx",
        method=method(),
        title=title,
        authors=[author] if author and author not in PLACEHOLDER_AUTHORS else [],
        published_on=created.date() if created else None,
        published_precision="day" if created else "",
    )


def check_archive(data: bytes) -> None:
    """Refuse an archive that would unpack into more members or bytes than any Word
    document holds. zipfile never unpacks a member past its declared size, so adding
    the declared sizes bounds what reading it can take."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Refused(
            _("The Word document is damaged and cannot be read. Save it again in Word.")
        ) from None
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise Refused(
            _("The Word document holds %(count)s files; a Word document holds far fewer."),
            count=len(members),
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.MAX_ZIP_UNCOMPRESSED:
        raise Refused(
            _(
                "The Word document would unpack to %(size)s MB; Dossier reads documents that "
                "unpack to at most %(limit)s MB."
            ),
            size=megabytes(unpacked),
            limit=megabytes(limits.MAX_ZIP_UNCOMPRESSED),
        )


def block_texts(item: Paragraph | Table) -> list[str]:
    if isinstance(item, Paragraph):
        return [item.text]
    rows = []
    for row in item.rows:
        cells: list[str] = []
        seen = set()
        for cell in row.cells:
            # A merged cell appears once for each column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append(" | ".join(text for text in cells if text))
    return rows
