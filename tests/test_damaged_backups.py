"""A backup restores whole or not at all: a damaged, cut, interrupted, forged or
inconsistent one is refused before anything is touched, with the reason in one line."""

import gzip
import hashlib
import io
import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections

from claims import backup_format
from claims.models import Claim, ClaimRelation, Verdict
from tests.test_backup import site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_restore_flag")]


@pytest.fixture
def decided_site(claim_164, claim_225, editor, death_toll):
    """Two claims, a relation between them, a verdict and an editor: rows of many models."""
    ClaimRelation.objects.create(claim=claim_225, other=claim_164, kind="revises")
    Verdict.objects.create(
        status="published",
        question=death_toll,
        agreement="disputed",
        reason="The sources disagree.",
        decided_by=editor,
    )


@pytest.fixture
def backup(decided_site, tmp_path):
    path = tmp_path / "site.jsonl.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def lines(path) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)


def with_manifest(rows: list[str], **changes) -> list[str]:
    manifest = json.loads(rows[-1])["manifest"] | changes
    return rows[:-1] + [json.dumps({"manifest": manifest}) + "\n"]


def made_superuser(rows: list[str]) -> list[str]:
    return [
        row.replace('"is_superuser": false', '"is_superuser": true')
        if '"username": "erika"' in row
        else row
        for row in rows
    ]


def checksum_recomputed(rows: list[str]) -> list[str]:
    """What a forger who knows the format but not the key would write."""
    rows = made_superuser(rows)
    return with_manifest(rows, sha256=hashlib.sha256("".join(rows[:-1]).encode()).hexdigest())


DAMAGE = {
    "empty": lambda rows: [],
    "cut at a line": lambda rows: rows[: len(rows) // 3],
    "manifest only": lambda rows: rows[-1:],
    "a row left out": lambda rows: [row for row in rows if '"model": "claims.verdict"' not in row],
    "a row added twice": lambda rows: rows[:1] + rows,
    "a row edited": made_superuser,
    "a row edited, the checksum recomputed": checksum_recomputed,
    "the manifest's counts edited": lambda rows: with_manifest(rows, counts={"auth.user": 1}),
    "the manifest's time edited": lambda rows: with_manifest(rows, created="2020-01-01T00:00:00"),
    "a manifest of another format": lambda rows: with_manifest(rows, format=1),
    "no manifest (an older backup)": lambda rows: rows[:-1],
    "a line that is not JSON": lambda rows: ["{not json\n"] + rows,
}

REASONS = {
    "empty": "is empty",
    "cut at a line": "no manifest",
    "manifest only": "checksum",
    "a row left out": "checksum",
    "a row added twice": "checksum",
    "a row edited": "checksum",
    "a row edited, the checksum recomputed": "not signed with this site's BACKUP_KEY",
    "the manifest's counts edited": "not signed",
    "the manifest's time edited": "not signed",
    "a manifest of another format": "not of format 2",
    "no manifest (an older backup)": "no manifest",
    "a line that is not JSON": "checksum",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_backup_is_refused_and_changes_nothing(backup, tmp_path, damage):
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(gzip.compress("".join(DAMAGE[damage](lines(backup))).encode()))
    before = site()

    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(damaged), "--replace")

    assert REASONS[damage] in str(refusal.value)
    assert str(refusal.value).endswith("Nothing was changed.")
    assert "\n" not in str(refusal.value)
    assert site() == before


def cut_in_half(data: bytes) -> bytes:
    # What a copy interrupted on its way, or a backup written without the rename, leaves.
    return data[: len(data) // 2]


def bytes_flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return (
        data[:middle]
        + bytes(255 - byte for byte in data[middle : middle + 16])
        + data[middle + 16 :]
    )


@pytest.mark.parametrize("damage", [cut_in_half, bytes_flipped])
def test_a_damaged_compressed_backup_is_refused(backup, tmp_path, damage):
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(damage(backup.read_bytes()))
    before = site()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(damaged), "--replace")
    assert site() == before


def test_check_says_whether_a_backup_is_whole_and_changes_nothing(backup, tmp_path):
    out = io.StringIO()
    call_command("restore", str(backup), "--check", stdout=out)
    assert "is whole" in out.getvalue()
    assert "rows of" in out.getvalue()

    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(gzip.compress("".join(made_superuser(lines(backup))).encode()))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), "--check")
    # Checked, not restored: the site holds data, and --check did not ask for --replace.
    Claim.objects.all().delete()
    call_command("restore", str(backup), "--check", stdout=io.StringIO())
    assert not Claim.objects.exists()


def test_a_backup_restores_only_where_its_key_is_set(decided_site, settings, tmp_path):
    settings.BACKUP_KEY = "the old site's backup key"
    backup = tmp_path / "site.jsonl"
    call_command("backup", str(backup), stdout=io.StringIO())
    before = site()

    settings.BACKUP_KEY = "another key"
    with pytest.raises(CommandError, match="not signed with this site's BACKUP_KEY"):
        call_command("restore", str(backup), "--replace")
    assert site() == before
    # The operator may trust it on its checksum alone, or set the old key.
    call_command("restore", str(backup), "--replace", "--no-verify-key", stdout=io.StringIO())
    settings.BACKUP_KEY = "the old site's backup key"
    call_command("restore", str(backup), "--replace", stdout=io.StringIO())
    assert site() == before


class Interrupted(KeyboardInterrupt):
    pass


def after_rows(monkeypatch, count: int, then):
    """Run `then` once the backup has written `count` rows, as the rows are written."""
    end_object = backup_format.Serializer.end_object
    written = []

    def counting(serializer, obj):
        end_object(serializer, obj)
        written.append(obj)
        if len(written) == count:
            then(obj)

    monkeypatch.setattr(backup_format.Serializer, "end_object", counting)


def test_an_interrupted_backup_leaves_no_file_and_the_older_one_whole(
    backup, tmp_path, monkeypatch
):
    earlier = backup.read_bytes()

    def ctrl_c(obj):
        raise Interrupted

    after_rows(monkeypatch, 5, ctrl_c)
    with pytest.raises(Interrupted):
        call_command("backup", str(backup), stdout=io.StringIO())

    assert backup.read_bytes() == earlier
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site.jsonl.gz"]


def write_meanwhile(claim_164, claim_225, outcome):
    """An editor's save on another connection: a new claim with a relation to it, and
    claim_225 deleted. Without one snapshot, the backup would hold the relation but not
    the claim it names."""
    try:
        new = Claim.objects.create(
            status="published",
            question=claim_164.question,
            source=claim_164.source,
            actor=claim_164.actor,
            attribution=claim_164.attribution,
            stated_value="170",
            bound="exact",
            value=170,
            value_min=170,
            value_max=170,
            quote="170 people died.",
        )
        ClaimRelation.objects.create(claim=claim_164, other=new, kind="revises")
        Claim.objects.filter(pk=claim_225.pk).delete()
        outcome.append("saved")
    except DatabaseError as error:
        # SQLite's shared in-memory test database refuses the write while the
        # backup reads: the snapshot holds either way.
        outcome.append(f"refused: {error}")
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_editors_write_is_one_moment_and_restores_whole(
    decided_site, claim_164, claim_225, tmp_path, monkeypatch
):
    before = site()
    outcome = []

    def editor_saves(obj):
        writer = threading.Thread(target=write_meanwhile, args=(claim_164, claim_225, outcome))
        writer.start()
        writer.join()

    # Once the claims are read and before their relations are.
    end_object = backup_format.Serializer.end_object

    def after_first_claim(serializer, obj):
        end_object(serializer, obj)
        if obj._meta.label_lower == "claims.claim" and not outcome:
            editor_saves(obj)

    monkeypatch.setattr(backup_format.Serializer, "end_object", after_first_claim)
    backup = tmp_path / "site.jsonl.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    monkeypatch.undo()

    assert outcome
    if connection.vendor == "postgresql":
        assert outcome == ["saved"]
        assert Claim.objects.filter(stated_value="170").exists()
    call_command("restore", str(backup), "--replace", stdout=io.StringIO())
    assert site() == before
