"""
Reading an editor's CSV file: the encoding and the separator detected, or refused in
the editor's words; duplicate columns, NUL and control characters refused; and the
store that keeps the file between the preview and the confirmation.

The admin's import and `manage.py import_claims` both read files through `read_csv`.
"""

import codecs
import csv
import io
import itertools
import os
import re
import time
from collections.abc import Iterable, Iterator
from typing import TextIO
from uuid import uuid4

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV
from import_export.tmp_storages import MediaStorage

SEPARATORS = (",", ";", "\t")
# Control characters other than tab, line feed and carriage return: never in a text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FileError(ValueError):
    """A file the import cannot read, with the reason in the editor's words."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252, as spreadsheets save CSV."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise FileError(_("The file is UTF-16. Save it as CSV in UTF-8 and import it again."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileError(
            _(
                "The file is neither UTF-8 nor Windows-1252 text. Save it as CSV in UTF-8 "
                "and import it again."
            )
        ) from None


def file_encoding(path) -> str:
    """The encoding of a file on disk, read as decode() reads bytes, without loading it."""
    with open(path, "rb") as file:
        if file.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            raise FileError(_("The file is UTF-16. Save it as CSV in UTF-8 and import it again."))
        file.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def separator(header: str) -> str:
    """The separator of the header line: the one of comma, semicolon and tab it uses most."""
    counts = {sep: header.count(sep) for sep in SEPARATORS}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise FileError(
            _(
                "The first line has no commas, semicolons or tabs. The first line must name "
                "the columns, separated by commas, semicolons or tabs."
            )
        )
    return best


def checked_lines(lines: Iterable[str]) -> Iterator[str]:
    """The lines, refused at the first control character (NUL and the like)."""
    for number, line in enumerate(lines, start=1):
        match = CONTROL.search(line)
        if match:
            raise FileError(
                _(
                    "Line %(line)s holds a control character (%(char)s), which no text may "
                    "contain. Remove it and import the file again."
                )
                % {"line": number, "char": f"U+{ord(match.group()):04X}"}
            )
        yield line


def open_rows(stream: TextIO) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The column names and an iterator of (row number, cells), checked as they are read.

    Row 1 is the first row under the header; blank rows are passed over.
    """
    try:
        first = stream.readline()
    except UnicodeDecodeError:
        raise FileError(
            _("The file is neither UTF-8 nor Windows-1252 text. Save it as CSV in UTF-8.")
        ) from None
    first = first.removeprefix("\ufeff")
    if not first.strip():
        raise FileError(_("The file is empty, or its first line is: it must name the columns."))
    lines = checked_lines(itertools.chain([first], stream))
    reader = csv.reader(lines, delimiter=separator(first), strict=True)
    headers = [name.strip() for name in next(reader)]
    seen = set()
    for name in headers:
        if not name:
            raise FileError(_("A column of the first line has no name."))
        if name in seen:
            raise FileError(
                _("The column “%(name)s” appears twice in the first line.") % {"name": name}
            )
        seen.add(name)

    def rows():
        number = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise FileError(
                    _("Line %(line)s cannot be read as CSV (%(error)s).")
                    % {"line": reader.line_num, "error": error}
                ) from None
            except UnicodeDecodeError:
                raise FileError(
                    _("Line %(line)s is neither UTF-8 nor Windows-1252 text.")
                    % {"line": reader.line_num + 1}
                ) from None
            if not any(cell.strip() for cell in cells):
                continue
            number += 1
            if len(cells) != len(headers):
                raise FileError(
                    _(
                        "Row %(number)s has %(cells)s cells; the first line names "
                        "%(columns)s columns."
                    )
                    % {"number": number, "cells": len(cells), "columns": len(headers)}
                )
            yield number, cells

    return headers, rows()


def read_csv(data: bytes | str, max_rows: int | None = None) -> tablib.Dataset:
    """The file as a dataset, or a FileError that says what is wrong and where."""
    text = decode(data) if isinstance(data, bytes) else data
    headers, rows = open_rows(io.StringIO(text, newline=""))
    dataset = tablib.Dataset(headers=headers)
    for number, cells in rows:
        if max_rows is not None and number > max_rows:
            raise FileError(
                _(
                    "The file has more than %(max)s rows, the most the admin imports at a "
                    "time. Split it, or import it with: python manage.py import_claims FILE"
                )
                % {"max": max_rows}
            )
        dataset.append(cells)
    return dataset


class DossierCSV(CSV):
    """CSV as editors' spreadsheets save it; read by read_csv, at most IMPORT_MAX_ROWS rows."""

    def create_dataset(self, in_stream, **kwargs):
        return read_csv(in_stream, max_rows=settings.IMPORT_MAX_ROWS)

    def get_read_mode(self):
        return "rb"

    def is_binary(self):
        return True  # bytes to the store: the encoding is read by read_csv


class ImportStore(MediaStorage):
    """The uploaded file between the preview and the confirmation.

    Kept under generated names in the media storage's "imports" folder; a confirmation
    can name only such a file (32 hex digits), never another path. Files of abandoned
    previews are removed after IMPORT_STORE_HOURS.
    """

    NAME = re.compile(r"[0-9a-f]{32}")

    def __init__(self, **kwargs):
        super().__init__(MEDIA_FOLDER="imports", **kwargs)

    @classmethod
    def valid_name(cls, name: str) -> bool:
        return bool(cls.NAME.fullmatch(name or ""))

    def save(self, data):
        self.remove_abandoned()
        self.name = uuid4().hex
        super().save(data)

    def exists(self) -> bool:
        return self.valid_name(self.name) and self._storage.exists(self.get_full_path())

    def remove_abandoned(self):
        folder = self.MEDIA_FOLDER
        if not self._storage.exists(folder):
            return
        cutoff = time.time() - settings.IMPORT_STORE_HOURS * 3600
        for name in self._storage.listdir(folder)[1]:
            path = os.path.join(folder, name)
            if self._storage.get_modified_time(path).timestamp() < cutoff:
                self._storage.delete(path)
