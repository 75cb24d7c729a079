"""A whole-site backup restores exactly: the dossier, its history, users and groups."""

import datetime
import gzip
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection

from claims.management.commands.backup import BY_NAME, FORMAT, NOT_BACKED_UP
from claims.management.commands.restore import empty_database
from claims.models import Claim, Question
from sources.authors import lost_authors
from sources.models import Actor, ActorAlias, Source
from tests.test_admin import claim_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_restore_flag")]


def site() -> list[str]:
    """Everything a backup holds, as comparable lines: what `restore` must give back,
    times to the microsecond."""
    lines = []
    for labels, options in [
        (BY_NAME, {"natural_foreign": True}),
        ([], {"exclude": NOT_BACKED_UP + BY_NAME}),
    ]:
        out = io.StringIO()
        call_command("dumpdata", *labels, format=FORMAT, stdout=out, **options)
        lines += out.getvalue().splitlines()
    return sorted(lines)


@pytest.fixture
def edited_site(editor_client, editor, claim_164, claim_225, tokayev, government, report_164):
    """A dossier edited in the admin, with an author, then an actor with an alias deleted.

    The claim is published: changing it is a correction, which erika makes as a reviewer.
    """
    editor.groups.add(Group.objects.get(name="Reviewers"))
    form = claim_form(
        claim_164.question,
        claim_164.source,
        government,
        stated_value="164",
        bound="exact",
        value="164",
        quote=claim_164.quote,
        notes="Checked against the second report.",
        opened_version=str(claim_164.version),
        correction_reason="Checked against the second report.",
    )
    assert (
        editor_client.post(f"/admin/claims/claim/{claim_164.pk}/change/", form).status_code == 302
    )
    Question.objects.all().refresh_analysis()
    report_164.authors.set([tokayev, government])
    nazarbayev = Actor.objects.create(kind="person", name="Nursultan Nazarbayev", slug="naz")
    nazarbayev.aliases.create(name="Nasarbajew", kind="transliteration", language="de")
    report_164.authors.add(nazarbayev)
    with lost_authors([nazarbayev]):  # as the admin deletes actors
        nazarbayev.delete()


def test_a_backup_restores_the_whole_site_exactly(edited_site, editor, tmp_path):
    before = site()
    backup = tmp_path / "site.jsonl.gz"
    call_command("backup", str(backup), stdout=io.StringIO())

    # Nothing of the site is left, then it all comes back.
    empty_database(connection)
    assert not Claim.objects.exists() and not User.objects.exists()
    call_command("restore", str(backup), stdout=io.StringIO())

    assert site() == before
    claim = Claim.objects.get(notes="Checked against the second report.")
    assert claim.history.latest().history_user.username == "erika"
    assert claim.history.latest().history_change_reason == "Checked against the second report."
    assert Actor.history.filter(name="Nursultan Nazarbayev", history_type="-").exists()
    assert ActorAlias.history.filter(name="Nasarbajew", history_type="-").exists()
    source = Source.objects.get(slug="unruhen-in-kasachstan")
    assert source.history.latest().history_change_reason == "Author deleted: Nursultan Nazarbayev"
    erika = User.objects.get(username="erika")
    assert erika.check_password("correct horse battery")
    assert erika.has_perm("claims.change_claim")
    assert Group.objects.get(name="Editors").permissions.count() > 0
    # A new actor does not take the deleted one's key, which its history still names.
    deleted = Actor.history.get(name="Nursultan Nazarbayev", history_type="-").id
    assert Actor.objects.create(kind="person", name="New", slug="new").pk > deleted


@pytest.mark.parametrize("microsecond", [0, 500, 123_456])
def test_a_backup_keeps_every_time_to_the_microsecond(claim_164, tmp_path, microsecond):
    # JSON's usual millisecond times would bring 500 µs back as a round second.
    edited = datetime.datetime(2022, 1, 10, 9, 30, 5, microsecond, tzinfo=datetime.UTC)
    Claim.objects.filter(pk=claim_164.pk).update(updated_at=edited)
    backup = tmp_path / "site.jsonl"
    call_command("backup", str(backup), stdout=io.StringIO())

    empty_database(connection)
    call_command("restore", str(backup), stdout=io.StringIO())

    assert Claim.objects.get(pk=claim_164.pk).updated_at == edited


def test_a_restore_never_overwrites_a_site_unasked(edited_site, tmp_path):
    backup = tmp_path / "site.jsonl"
    call_command("backup", str(backup), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds a dossier or users"):
        call_command("restore", str(backup))
    call_command("restore", str(backup), "--replace", stdout=io.StringIO())


def test_a_broken_backup_changes_nothing(edited_site, tmp_path):
    before = site()
    backup = tmp_path / "site.jsonl.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    broken = tmp_path / "broken.jsonl.gz"
    text = gzip.decompress(backup.read_bytes()).decode()
    broken.write_bytes(gzip.compress(text[: len(text) // 2].encode()))
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(broken), "--replace")
    assert site() == before


@pytest.mark.parametrize("name", ["site.json", "site.sql", "site.jsonl.zip"])
def test_a_backup_is_named_for_its_format(tmp_path, name):
    with pytest.raises(CommandError, match="FILE.jsonl"):
        call_command("backup", str(tmp_path / name))


def test_a_restore_outdates_every_page_the_backup_does_not_hold(
    client, edited_site, death_toll, tmp_path
):
    backup = tmp_path / "site.jsonl"
    call_command("backup", str(backup), stdout=io.StringIO())
    Question.objects.create(
        status="published",
        event=death_toll.event,
        slug="injured",
        text_en="How many injured?",
        text_de="Verletzte?",
    )
    Source.objects.create(
        status="published",
        text_public=True,
        title="Later",
        slug="later",
        kind="news_report",
        text="Später.",
    )
    for url in ["/questions/injured/", "/sources/later/", "/sources/"]:
        assert client.get(url).status_code == 200  # and kept
    call_command("restore", str(backup), "--replace", stdout=io.StringIO())
    assert client.get("/questions/injured/").status_code == 404
    assert client.get("/sources/later/").status_code == 404
    assert "Later" not in client.get("/sources/").content.decode()
