"""A backup carries the original of every document brought in, and a restore puts each
back byte for byte, or none at all: a missing or damaged original is refused before the
site or its storage changes."""

import gzip
import hashlib
import io
import json
import os
from collections import Counter

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection

from claims.backed_up_files import PART_BYTES
from claims.management.commands import restore
from claims.management.commands.restore import empty_database
from documents import intake
from documents.models import Document, originals
from tests.test_backup import site
from tests.test_documents import a_file, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_restore_flag")]


@pytest.fixture
def documents(editor_client, django_capture_on_commit_callbacks):
    """An article uploaded in the admin, and a scan of three parts' size (bytes of its own
    in every test: the storage is the test run's, shared by the tests)."""
    upload(editor_client, django_capture_on_commit_callbacks, a_file())
    scan = os.urandom(2 * PART_BYTES + 1234)
    intake.store(scan, "scan.pdf", queue=False)
    documents = list(Document.objects.order_by("pk"))
    yield documents
    for document in documents:
        originals.delete(document.file.name)


def held(documents) -> dict[str, bytes | None]:
    """What the storage holds under each document's name."""
    kept = {}
    for document in documents:
        name = document.file.name
        kept[name] = originals.open(name, "rb").read() if originals.exists(name) else None
    return kept


def lost(documents) -> None:
    """The site gone: its database emptied, its originals deleted."""
    empty_database(connection)
    for document in documents:
        originals.delete(document.file.name)


def lines(path) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)


def written(path, rows: list[str]) -> None:
    path.write_bytes(gzip.compress("".join(rows).encode()))


def test_a_restore_puts_every_original_back_byte_for_byte(documents, tmp_path):
    before, kept = site(), held(documents)
    assert all(kept.values()) and len(kept[documents[1].file.name]) > 2 * PART_BYTES
    backup = tmp_path / "site.jsonl.gz"
    call_command("backup", str(backup), stdout=io.StringIO())

    manifest = json.loads(lines(backup)[-1])["manifest"]
    assert manifest["format"] == 3
    assert manifest["files"] == {
        "documents": {"files": 2, "bytes": sum(len(data) for data in kept.values())}
    }
    # A part a line: the scan is three lines, never one line of its whole size.
    parts = [json.loads(line) for line in lines(backup) if line.startswith('{"file"')]
    assert [part["part"] for part in parts] == [0, 0, 1, 2]
    assert max(len(line) for line in lines(backup)) < 1.5 * PART_BYTES

    lost(documents)
    assert held(documents) == dict.fromkeys(kept)
    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)

    assert site() == before
    assert held(documents) == kept
    assert "and 2 files" in out.getvalue()
    for document in Document.objects.all():
        with document.file.open("rb") as original:
            assert hashlib.sha256(original.read()).hexdigest() == document.sha256


def test_a_restore_over_the_same_site_keeps_its_originals(
    documents, editor_client, editor, tmp_path
):
    kept = held(documents)
    backup = tmp_path / "site.jsonl.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    call_command("restore", str(backup), "--replace", stdout=io.StringIO())
    assert held(documents) == kept
    editor_client.force_login(editor)  # sessions are not backed up
    response = editor_client.get(documents[0].original_url())
    assert b"".join(response.streaming_content) == kept[documents[0].file.name]


def damaged_part(rows: list[str]) -> list[str]:
    """One byte of the scan's second part changed, as a bad disk or copy changes it."""
    damaged = []
    for row in rows:
        if '"part": 1' in row:
            part = json.loads(row)
            data = bytearray(part["data"].encode())
            data[100] = ord("A") if data[100] != ord("A") else ord("B")
            row = json.dumps(part | {"data": data.decode()}) + "\n"
        damaged.append(row)
    return damaged


def test_a_backup_with_a_damaged_original_is_refused_and_changes_nothing(documents, tmp_path):
    backup = tmp_path / "site.jsonl.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    damaged = tmp_path / "damaged.jsonl.gz"
    written(damaged, damaged_part(lines(backup)))
    lost(documents)
    before, kept = site(), held(documents)

    for check in [["--check"], []]:
        with pytest.raises(CommandError) as refusal:
            call_command("restore", str(damaged), *check)
        assert "does not match its SHA-256: the backup is damaged" in str(refusal.value)
        assert str(refusal.value).endswith("Nothing was changed.")

    assert site() == before and not Document.objects.exists()
    assert held(documents) == kept == dict.fromkeys(kept)
    # The backup itself is whole.
    out = io.StringIO()
    call_command("restore", str(backup), "--check", stdout=out)
    assert "is whole" in out.getvalue() and "and 2 files" in out.getvalue()


def forged(rows: list[str], keep) -> list[str]:
    """What passes every check but the key's: the rows `keep` keeps, with the checksum
    and counts made to match."""
    manifest = json.loads(rows[-1])["manifest"]
    rows = [row for row in rows[:-1] if keep(json.loads(row))]
    parts = [json.loads(row) for row in rows if row.startswith('{"file"')]
    sizes = Counter()
    for part in parts:
        sizes[part["app"]] += len(part["data"]) * 3 // 4 - part["data"][-2:].count("=")
    manifest |= {
        "files": {
            "documents": {"files": sum(p["part"] == 0 for p in parts), "bytes": sizes["documents"]}
        },
        "sha256": hashlib.sha256("".join(rows).encode()).hexdigest(),
    }
    return rows + [json.dumps({"manifest": manifest}) + "\n"]


def test_a_backup_without_an_original_its_rows_name_is_refused(documents, tmp_path):
    backup = tmp_path / "site.jsonl.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    scan = documents[1].file.name
    without = tmp_path / "without.jsonl.gz"
    written(without, forged(lines(backup), keep=lambda row: row.get("file") != scan))
    lost(documents)
    before, kept = site(), held(documents)

    with pytest.raises(CommandError, match=f"does not hold the file {scan} its rows name"):
        call_command("restore", str(without), "--no-verify-key")

    assert site() == before and held(documents) == kept


def test_a_restore_failing_after_the_originals_went_in_takes_them_away(
    documents, tmp_path, monkeypatch
):
    backup = tmp_path / "site.jsonl.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    lost(documents)
    before, kept = site(), held(documents)

    def fails(connection):
        assert all(held(documents).values())  # the originals are in by now
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(restore, "keep_deleted_keys_unused", fails)
    with pytest.raises(CommandError, match="nothing was changed: the disk is full"):
        call_command("restore", str(backup))

    assert site() == before and held(documents) == kept


def deleted(name: str) -> None:
    originals.delete(name)


def changed(name: str) -> None:
    originals.delete(name)
    originals.save(name, ContentFile(b"Other bytes than the document's."))


@pytest.mark.parametrize(
    "harm, reason",
    [
        (deleted, "cannot be read from its storage"),
        (changed, "does not match the SHA-256 its row names"),
    ],
)
def test_a_backup_is_refused_when_an_original_is_lost_or_damaged_in_the_storage(
    documents, tmp_path, harm, reason
):
    harm(documents[0].file.name)
    backup = tmp_path / "site.jsonl.gz"
    with pytest.raises(CommandError) as refusal:
        call_command("backup", str(backup))
    assert f"The file {documents[0].file.name} of documents" in str(refusal.value)
    assert reason in str(refusal.value)
    assert str(refusal.value).endswith("The backup was not written.")
    assert list(tmp_path.iterdir()) == []
