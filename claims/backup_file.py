"""
A backup file: written whole or not at all, and read back only when its manifest
vouches for every line before it.

The manifest is the file's last line, `{"manifest": {...}}`: the format's version, when
the backup was taken, how many rows of each model it holds, how many files of each app
and their bytes (claims/backed_up_files.py), the SHA-256 of every line before it, and a
signature (HMAC-SHA256) of all of that, keyed by BACKUP_KEY (which defaults to a key
derived from SECRET_KEY). The checksum finds a backup that was cut short or damaged; only
the signature finds one that was changed on purpose, since whoever changes the rows can
compute a new checksum, but not a new signature without the key.

A backup is written to a hidden file beside its final name and renamed to that name only
once it is complete, so an interrupted backup never takes the name (nor replaces an
older backup under it).
"""

import gzip
import hashlib
import hmac
import json
import os
import tempfile
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from claims.backed_up_files import FileTally, Staged, Unpacker, check_apps, is_part

# Format 3 carries the files the rows name after the rows; a backup of format 2, written
# before, restores its rows alone.
FORMAT_VERSION = 3
READS_FORMATS = (2, 3)
SIGNATURE_SALT = "dossier.backup"


class BackupRefused(Exception):
    """The backup cannot be trusted; the message says why, in one line."""


def backup_key() -> str:
    return settings.BACKUP_KEY or settings.SECRET_KEY


def signature(fields: dict) -> str:
    """Signs the manifest's fields, the content's checksum among them."""
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return salted_hmac(SIGNATURE_SALT, text, secret=backup_key(), algorithm="sha256").hexdigest()


class Tally:
    """What the lines written so far hold: their checksum, rows per model, files per app."""

    def __init__(self):
        self.sha256 = hashlib.sha256()
        self.counts = Counter()
        self.files = FileTally()

    def add(self, line: str) -> dict:
        self.sha256.update(line.encode())
        row = json.loads(line)
        if is_part(row):
            self.files.add(row)
        else:
            self.counts[row["model"]] += 1
        return row

    def manifest(self) -> dict:
        fields = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "counts": dict(sorted(self.counts.items())),
            "files": self.files.counts(),
            "sha256": self.sha256.hexdigest(),
        }
        return fields | {"signature": signature(fields)}


class TallyingWriter:
    """A text stream that tallies each whole line on its way to the file (the JSON
    Lines writer sends a row in several pieces, then its line break)."""

    def __init__(self, stream):
        self.stream = stream
        self.tally = Tally()
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self.tally.add(line + "\n")
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def end(self) -> dict:
        """Write the manifest after the rows; a row left without its line break is
        a writer's bug, which must not pass as a backup."""
        assert not self.pending, "the last row has no line break"
        manifest = self.tally.manifest()
        self.stream.write(json.dumps({"manifest": manifest}) + "\n")
        return manifest


def opener(path: Path):
    return gzip.open if path.name.endswith(".gz") else open


@contextmanager
def written_whole(path: Path):
    """A TallyingWriter into a hidden file beside `path`, renamed to `path` with its
    manifest once the block ends; removed if the block fails or is interrupted."""
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(handle)
    try:
        with opener(path)(partial, "wt", encoding="utf-8") as stream:
            writer = TallyingWriter(stream)
            yield writer
            writer.end()
        with open(partial, "rb") as done:
            os.fsync(done.fileno())
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


@dataclass
class Verified:
    manifest: dict
    files: list[Staged]

    @property
    def counts(self) -> dict[str, int]:
        return self.manifest["counts"]

    def summary(self) -> str:
        rows = sum(self.counts.values())
        files = self.manifest.get("files", {}).values()
        count, size = sum(app["files"] for app in files), sum(app["bytes"] for app in files)
        files = "1 file" if count == 1 else f"{count} files"
        return (
            f"{rows} rows of {len(self.counts)} models and {files} ({size:,} bytes), "
            f"taken {self.manifest['created']}"
        )


def lines_of(path: Path):
    try:
        with opener(path)(path, "rt", encoding="utf-8", newline="\n") as stream:
            yield from stream
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as error:
        # gzip's own words: "Compressed file ended before the end-of-stream marker…"
        raise BackupRefused(f"The backup cannot be read whole: {error}.") from error


def verify(
    path: Path,
    *,
    copy_to: Path | None = None,
    files_to: Path | None = None,
    check_key: bool = True,
) -> Verified:
    """Check the backup at `path` against its manifest and return it; raise BackupRefused
    otherwise. With `copy_to`, the rows are copied there as they are checked, and with
    `files_to`, the files' bytes are staged there, so what is restored is what was
    checked, whatever happens to `path` meanwhile."""
    tally = Tally()
    unpacker = Unpacker(files_to)
    last = None
    bad_line = None
    with open(copy_to or os.devnull, "w", encoding="utf-8") as copy:
        for number, line in enumerate(lines_of(path), start=1):
            if last is not None:
                try:
                    row = tally.add(last)
                except (ValueError, KeyError, TypeError, AttributeError):
                    bad_line = bad_line or number - 1
                else:
                    if is_part(row):
                        unpacker.add(row)
                    else:
                        copy.write(last)
            last = line
        unpacker.end()
    if last is None:
        raise BackupRefused("The backup is empty.")
    manifest = manifest_of(last)
    fields = {key: value for key, value in manifest.items() if key != "signature"}
    if unpacker.problem:
        raise BackupRefused(unpacker.problem)
    if tally.sha256.hexdigest() != manifest.get("sha256"):
        raise BackupRefused(
            "The backup's rows do not match its manifest's checksum: it was changed or damaged."
        )
    if check_key and not hmac.compare_digest(str(manifest.get("signature")), signature(fields)):
        raise BackupRefused(
            "The backup's manifest is not signed with this site's BACKUP_KEY: it was changed, "
            "or written by a site with another key (set that key, or pass --no-verify-key)."
        )
    if bad_line:
        raise BackupRefused(f"Line {bad_line} of the backup is not a row of a backup.")
    counts = manifest.get("counts")
    if not isinstance(counts, dict) or dict(tally.counts) != counts:
        raise BackupRefused("The backup's rows per model differ from its manifest's counts.")
    if tally.files.counts() != manifest.get("files", {}):
        raise BackupRefused("The backup's files per app differ from its manifest's counts.")
    if problem := check_apps(tally.files.counts()):
        raise BackupRefused(problem)
    for label in counts:
        try:
            apps.get_model(label)
        except (LookupError, ValueError):
            raise BackupRefused(
                f"The backup holds rows of {label}, which this site does not have."
            ) from None
    return Verified(manifest, unpacker.files)


def manifest_of(line: str) -> dict:
    try:
        manifest = json.loads(line)["manifest"]
    except (ValueError, KeyError, TypeError):
        raise BackupRefused(
            "The backup has no manifest at its end: it was cut short, or not written by `backup`."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") not in READS_FORMATS:
        raise BackupRefused(
            "The backup's manifest is not of format 2 or 3, the ones this site reads."
        )
    return manifest
