"""What an extraction gives back, and the refusal of a document that cannot be read."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise


@dataclass
class Extracted:
    text: str  # the clean text, paragraphs separated by a blank line
    kind: str  # "html", "pdf", "pdf-ocr", "docx" or "text"
    method: str  # which extraction made it, with versions
    title: str = ""
    authors: list[str] = field(default_factory=list)
    outlet: str = ""  # site or publisher name, if the document says
    published_on: date | None = None
    published_precision: str = ""  # "day", "month" or "year", as Source's precision
    url: str = ""  # canonical address
    language: str = ""  # detected, one of the languages asked for, or ""
    # (start, end) offsets into text of each PDF page, in page order, for citing a page;
    # a page without text has start == end.
    pages: list[tuple[int, int]] = field(default_factory=list)
    ocr: bool = False  # the text (or part of it) came from OCR
    # What the editor should know about a document that was read all the same, in their
    # words (a file whose name says another format than its content).
    notes: list[str] = field(default_factory=list)


class Refused(Exception):
    """The document cannot be read; str(error) is the reason in the editor's words.

    The message is translated when it is turned into a string, so a reason kept as the
    exception is shown in the language of whoever reads it.
    """

    def __init__(self, message: str | Promise, **params):
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")
