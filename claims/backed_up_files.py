"""
The files an app's rows name (the documents' originals), carried in a backup after its
rows, checked against their SHA-256 and put back by a restore.

An app whose rows name files says so on its AppConfig: `files_storage()` is the storage
they are kept in, and `backed_up_files()` gives (name, SHA-256) of each file its rows name
now. The backup asks every installed app, so it imports none of them: claims knows nothing
of documents, which is built on claims.

A file is written a part at a time, one line of JSON a part, so that neither writing nor
reading ever holds more than one part in memory:

    {"file": NAME, "app": LABEL, "sha256": HEX, "part": N, "data": BASE64}

Parts are numbered from 0; an empty file is one empty part.
"""

import base64
import binascii
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.apps import AppConfig, apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File

# 1 MiB of a file a line: about 1.4 MB of base64.
PART_BYTES = 1024 * 1024
SHA256 = re.compile(r"[0-9a-f]{64}")


class CannotBackUp(Exception):
    """A file the rows name cannot be backed up; the message says which, and why."""


class FilesDiffer(Exception):
    """The restored rows name files the backup does not hold as they should be."""


def apps_with_files() -> list[AppConfig]:
    return [config for config in apps.get_app_configs() if hasattr(config, "backed_up_files")]


def with_files(label: str) -> AppConfig | None:
    return next((config for config in apps_with_files() if config.label == label), None)


def write_files(stream) -> None:
    """Every file each app's rows name, after the rows; `stream` is the backup's."""
    for config in apps_with_files():
        storage = config.files_storage()
        written = set()
        for name, sha256 in config.backed_up_files():
            if name and name not in written:
                write_file(stream, config, storage, name, sha256)
                written.add(name)


def write_file(stream, config: AppConfig, storage, name: str, sha256: str) -> None:
    digest = hashlib.sha256()
    try:
        with storage.open(name, "rb") as original:
            part = 0
            while (data := original.read(PART_BYTES)) or part == 0:
                digest.update(data)
                row = {"file": name, "app": config.label, "sha256": sha256, "part": part}
                row["data"] = base64.b64encode(data).decode("ascii")
                stream.write(json.dumps(row) + "\n")
                part += 1
    except OSError as error:  # FileNotFoundError, a disk's or a bucket's error
        raise CannotBackUp(
            f"The file {name} of {config.label} ({config.verbose_name}) cannot be read from "
            f"its storage: {error}."
        ) from error
    if digest.hexdigest() != sha256:
        raise CannotBackUp(
            f"The file {name} of {config.label} ({config.verbose_name}) in its storage does "
            f"not match the SHA-256 its row names: it was damaged there."
        )


def is_part(row: dict) -> bool:
    return "file" in row


def size_of(data: str) -> int:
    """The bytes a part's base64 holds, without decoding it."""
    return len(data) * 3 // 4 - data[-2:].count("=")


class FileTally:
    """Files and bytes per app, as the manifest counts them."""

    def __init__(self):
        self.files = Counter()
        self.bytes = Counter()

    def add(self, row: dict) -> None:
        self.files[row["app"]] += row["part"] == 0
        self.bytes[row["app"]] += size_of(row["data"])

    def counts(self) -> dict:
        return {
            app: {"files": self.files[app], "bytes": self.bytes[app]} for app in sorted(self.files)
        }


@dataclass
class Staged:
    app: str
    name: str
    sha256: str
    path: Path | None  # where its bytes wait for the restore; None when only checked


class Unpacker:
    """Each file's parts as they are read: in order, in base64, and their bytes together
    matching the file's SHA-256. With `into`, the bytes are staged there, each file under
    a number of its own (never under the name the backup gives)."""

    def __init__(self, into: Path | None = None):
        self.into = into
        self.files: list[Staged] = []
        self.problem: str | None = None
        self.part = None
        self.digest = None
        self.handle = None

    def add(self, row: dict) -> None:
        if self.problem:
            return
        try:
            name, app, sha256, part = row["file"], row["app"], row["sha256"], row["part"]
            data = base64.b64decode(row["data"], validate=True)
            if not (isinstance(name, str) and isinstance(part, int)):
                raise TypeError
        except (KeyError, TypeError, binascii.Error):
            self.problem = f"A part of the file {row.get('file')} in the backup is not readable."
            return
        current = self.files[-1] if self.files else None
        if part == 0:
            self.end()
            if not SHA256.fullmatch(str(sha256)):
                self.problem = f"The file {name} in the backup names no SHA-256."
                return
            path = self.into / str(len(self.files)) if self.into else None
            self.files.append(Staged(app, name, sha256, path))
            self.part, self.digest = 0, hashlib.sha256()
            self.handle = open(path, "wb") if path else None
        elif current is None or (current.app, current.name) != (app, name) or part != self.part + 1:
            self.problem = f"The parts of the file {name} in the backup are not in order."
            return
        self.part = part
        self.digest.update(data)
        if self.handle:
            self.handle.write(data)

    def end(self) -> None:
        """The file being read is whole: check it against its SHA-256."""
        if self.handle:
            self.handle.close()
            self.handle = None
        if self.digest is not None and not self.problem:
            file = self.files[-1]
            if self.digest.hexdigest() != file.sha256:
                self.problem = (
                    f"The file {file.name} of {file.app} in the backup does not match its "
                    "SHA-256: the backup is damaged."
                )
        self.digest = None


def check_apps(counts: dict) -> str | None:
    for label in counts:
        if with_files(label) is None:
            return f"The backup holds files of {label}, which this site does not keep."
    return None


def to_put_back(staged: list[Staged]) -> list[tuple[AppConfig, Staged]]:
    """The staged files that the restored rows name and their storage does not hold as
    they should be; raise FilesDiffer for a file the rows name that is in neither."""
    held = {(file.app, file.name): file for file in staged}
    needed = []
    for config in apps_with_files():
        storage = config.files_storage()
        for name, sha256 in config.backed_up_files():
            if kept_as(storage, name, sha256):
                continue  # a restore over the same site: nothing to write
            file = held.get((config.label, name))
            if file is None:
                raise FilesDiffer(f"The backup does not hold the file {name} its rows name.")
            if file.sha256 != sha256:
                raise FilesDiffer(
                    f"The file {name} of {config.label} in the backup is not the one its row names."
                )
            needed.append((config, file))
    return needed


def kept_as(storage, name: str, sha256: str) -> bool:
    """Whether the storage holds the file under that name, with those bytes."""
    if not storage.exists(name):
        return False
    digest = hashlib.sha256()
    with storage.open(name, "rb") as kept:
        while data := kept.read(PART_BYTES):
            digest.update(data)
    return digest.hexdigest() == sha256


def put_back(needed: list[tuple[AppConfig, Staged]], written: list) -> None:
    """Each staged file into its app's storage, recording in `written` what was added,
    for the caller to take away again if the restore fails after all."""
    for config, file in needed:
        storage = config.files_storage()
        try:
            # Bytes under the name that do not match it were damaged: the backup's replace them.
            storage.delete(file.name)
            with open(file.path, "rb") as staged:
                saved = storage.save(file.name, File(staged, name=file.name))
        except SuspiciousFileOperation as error:
            raise FilesDiffer(f"The backup names a file outside its storage: {error}") from error
        written.append((storage, saved))
        if saved != file.name:
            raise FilesDiffer(f"The storage kept the file {file.name} as {saved}.")


def take_away(written: list) -> None:
    for storage, name in written:
        storage.delete(name)
