"""While a restore replaces the data, every page answers at once with a short 503 and
Retry-After (never a wait on the restore's locks); once it ends, pages are served again."""

import gzip
import hashlib
import io
import json
import os
import time
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from claims.management.commands import restore
from tests.test_backup import site

pytestmark = pytest.mark.django_db

PAGES = ["/", "/sources/", "/questions/unrest-death-toll/", "/api/claims/", "/admin/login/"]


@pytest.fixture
def backup(claim_164, claim_225, editor, tmp_path):
    path = tmp_path / "site.jsonl.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def test_pages_answer_503_during_a_restore_and_are_served_after(
    client, backup, own_restore_flag, monkeypatch
):
    during = []
    keep_deleted_keys_unused = restore.keep_deleted_keys_unused

    def visit_meanwhile(connection):
        keep_deleted_keys_unused(connection)
        during.extend(client.get(url) for url in PAGES)

    monkeypatch.setattr(restore, "keep_deleted_keys_unused", visit_meanwhile)
    call_command("restore", str(backup), "--replace", stdout=io.StringIO())

    assert [response.status_code for response in during] == [503] * len(PAGES)
    assert {response["Retry-After"] for response in during} == {"30"}
    assert "being restored from a backup" in during[0].content.decode()
    assert not own_restore_flag.exists()
    assert [client.get(url).status_code for url in PAGES] == [200] * len(PAGES)


def forged_without_the_question(path) -> list[str]:
    """Rows that pass every check but the key's and do not load: a claim whose
    question is left out, with the checksum and counts made to match."""
    rows = gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)[:-1]
    rows = [row for row in rows if '"model": "claims.question"' not in row]
    manifest = {
        "format": 2,
        "created": "2026-12-01T00:00:00Z",
        "counts": dict(Counter(json.loads(row)["model"] for row in rows)),
        "sha256": hashlib.sha256("".join(rows).encode()).hexdigest(),
    }
    return rows + [json.dumps({"manifest": manifest}) + "\n"]


def test_a_restore_that_fails_while_loading_changes_nothing_and_ends_the_503(
    client, backup, own_restore_flag, tmp_path
):
    forged = tmp_path / "forged.jsonl"
    forged.write_text("".join(forged_without_the_question(backup)))
    before = site()

    with pytest.raises(CommandError, match="could not be restored, and nothing was changed"):
        call_command("restore", str(forged), "--replace", "--no-verify-key")

    assert site() == before
    assert not own_restore_flag.exists()
    assert client.get("/").status_code == 200


def test_a_sign_left_by_a_killed_restore_is_ignored_once_old(client, settings, own_restore_flag):
    own_restore_flag.write_text("A restore began.")
    assert client.get("/").status_code == 503
    an_hour_ago = time.time() - settings.RESTORE_FLAG_MAX_SECONDS - 1
    os.utime(own_restore_flag, (an_hour_ago, an_hour_ago))
    assert client.get("/").status_code == 200
