"""Bringing in documents: uploads and pastes become documents, read in the background,
then draft sources to confirm; duplicates refused, republications counted as one voice."""

import datetime
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from claims.models import Claim, Question
from documents import intake
from documents.drafts import proposal
from documents.models import Document
from sources.models import Actor, ActorAlias, Source
from tests.publishing import publish

ARTICLE = (
    "Proteste in Almaty\n\n"
    "Bei den Protesten in Almaty wurden nach Angaben des Gesundheitsministeriums 164 "
    "Menschen getötet. Die Regierung verhängte eine Ausgangssperre über die ganze Stadt "
    "und schaltete das Internet für mehrere Tage ab. Beobachter sprachen von den "
    "schwersten Unruhen seit der Unabhängigkeit des Landes im Jahr 1991."
)
ADD = "/admin/documents/document/add/"
PROJECT = Path(__file__).resolve().parent.parent


def upload(client, callbacks, *files, pasted=""):
    with callbacks(execute=True):
        return client.post(ADD, {"files": list(files), "pasted": pasted})


def a_file(text=ARTICLE, name="almaty.txt"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


@pytest.mark.django_db
def test_an_upload_of_several_files_and_a_paste_makes_documents_and_drafts(
    editor_client, django_capture_on_commit_callbacks
):
    other = ARTICLE.replace("Almaty", "Schymkent").replace("164", "12") + " Ein anderer Text."
    response = upload(
        editor_client,
        django_capture_on_commit_callbacks,
        a_file(),
        a_file("Ganz etwas anderes, ein zweiter Artikel über Wahlen.", "zwei.txt"),
        pasted=other,
    )
    assert response.status_code == 302
    documents = Document.objects.order_by("pk")
    assert [d.name for d in documents] == ["almaty.txt", "zwei.txt", "pasted.txt"]
    assert {d.state for d in documents} == {Document.State.READY}
    assert documents[0].draft["title"] == "Proteste in Almaty"
    assert documents[0].uploaded_by.username == "erika"
    # Drafts: no source until an editor confirms, so no public page shows them.
    assert not Source.objects.exists()
    listing = editor_client.get("/admin/documents/document/")
    assert b"Check and confirm the source" in listing.content
    assert b"js/document-states.js" in listing.content


@pytest.mark.django_db
def test_confirming_a_draft_makes_the_source_and_opens_the_reading(
    editor_client, django_capture_on_commit_callbacks, tagesblatt
):
    upload(editor_client, django_capture_on_commit_callbacks, a_file())
    document = Document.objects.get()
    page = editor_client.get(f"/admin/documents/document/{document.pk}/confirm/")
    assert page.status_code == 200 and b"Proteste in Almaty" in page.content
    response = editor_client.post(
        f"/admin/documents/document/{document.pk}/confirm/",
        {
            "title": "Proteste in Almaty",
            "kind": "news_report",
            "language": "de",
            "new_outlet": "",
            "outlet": tagesblatt.pk,
            "author_names": "Tagesblatt, Anna Berger",
            "published_on": "2022-01-10",
            "published_precision": "day",
            "url": "https://example.org/almaty",
            "text": ARTICLE,
        },
    )
    source = Source.objects.get()
    assert response["Location"] == f"/admin/sources/source/{source.pk}/read/"
    assert source.document == document and source.outlet == tagesblatt
    # An author matched by name, another made anew.
    assert sorted(a.name for a in source.authors.all()) == ["Anna Berger", "Tagesblatt"]
    assert Actor.objects.filter(name="Anna Berger", kind="person").exists()
    reading = editor_client.get(response["Location"])
    assert reading.status_code == 200 and b"164" in reading.content
    admin_page = editor_client.get(f"/admin/sources/source/{source.pk}/change/")
    assert f"/documents/{document.pk}/original/".encode() in admin_page.content


@pytest.mark.django_db
def test_the_same_file_again_is_refused_with_a_link(
    editor_client, django_capture_on_commit_callbacks
):
    upload(editor_client, django_capture_on_commit_callbacks, a_file())
    response = upload(editor_client, django_capture_on_commit_callbacks, a_file(name="again.txt"))
    assert Document.objects.count() == 1
    page = editor_client.get(response["Location"])
    assert b"Already in: again.txt." in page.content
    assert f"/admin/documents/document/{Document.objects.get().pk}/".encode() in page.content


@pytest.mark.django_db
def test_the_same_text_as_a_source_is_refused_with_a_link(
    editor_client, django_capture_on_commit_callbacks, report_164
):
    spaced = report_164.text.replace(" ", "  \n ")  # another file, the same words
    upload(editor_client, django_capture_on_commit_callbacks, a_file(spaced, "spaced.txt"))
    document = Document.objects.get()
    assert document.state == Document.State.REFUSED
    assert document.duplicate_of == report_164
    listing = editor_client.get("/admin/documents/document/")
    assert f"/admin/sources/source/{report_164.pk}/change/".encode() in listing.content


@pytest.mark.django_db
def test_a_republication_is_proposed_recorded_and_shown_on_both_pages(
    editor_client, django_capture_on_commit_callbacks
):
    client = Client()
    original = Source.objects.create(
        status="published",
        text_public=True,
        title="Agenturmeldung",
        slug="agenturmeldung",
        kind="news_report",
        text=ARTICLE,
    )
    intake.likeness.fingerprint(original)
    republished = "Aus dem Agenturdienst:\n\n" + ARTICLE + "\n\n(dpa)"
    upload(editor_client, django_capture_on_commit_callbacks, a_file(republished, "copy.txt"))
    document = Document.objects.get()
    assert document.state == Document.State.READY
    assert document.likely_republishes == original and document.likeness >= 80
    form = editor_client.get(f"/admin/documents/document/{document.pk}/confirm/")
    assert b"largely repeats" in form.content
    editor_client.post(
        f"/admin/documents/document/{document.pk}/confirm/",
        {
            "title": "Agenturmeldung im Blatt",
            "kind": "news_report",
            "language": "de",
            "republishes": original.pk,
            "text": document.text,
        },
    )
    copy = Source.objects.get(document=document)
    assert copy.republishes == original
    # A draft source until a reviewer publishes it: readers do not see it yet.
    assert "Agenturmeldung im Blatt" not in client.get(original.get_absolute_url()).text
    assert client.get(copy.get_absolute_url()).status_code == 404
    publish(copy)
    assert "Agenturmeldung im Blatt" in client.get(original.get_absolute_url()).text
    assert "Agenturmeldung" in client.get(copy.get_absolute_url()).text


@pytest.mark.django_db
def test_an_original_and_two_republications_count_as_one_voice(
    claim_164, claim_225, report_164, death_toll
):
    for number in (1, 2):
        copy = Source.objects.create(
            status="published",
            text_public=True,
            title=f"Nachdruck {number}",
            slug=f"nachdruck-{number}",
            kind="news_report",
            text=report_164.text,
            published_on=datetime.date(2022, 1, 11),
            published_precision="day",
        )
        Claim.objects.create(
            status="published",
            question=death_toll,
            source=copy,
            stated_value="164",
            bound=Claim.Bound.EXACT,
            value=Decimal(164),
            value_min=Decimal(164),
            value_max=Decimal(164),
            quote=report_164.text,
        )
    questions = Question.objects.filter(pk=death_toll.pk)
    questions.refresh_analysis()
    assert Question.objects.get().source_count == 4
    Source.objects.filter(slug__startswith="nachdruck").update(republishes=report_164)
    questions.refresh_analysis()
    assert Question.objects.get().source_count == 2
    # The same from the claims as instances (the comparison page's path).
    assert death_toll.analyse().source_count == 2


@pytest.mark.django_db
def test_a_source_cannot_republish_a_republication(report_164, report_225):
    report_225.republishes = report_164
    report_225.save()
    third = Source(
        status="published",
        text_public=True,
        title="x",
        slug="x",
        kind="news_report",
        text="x",
        republishes=report_225,
    )
    with pytest.raises(Exception, match="itself a republication"):
        third.full_clean()


@pytest.mark.django_db
def test_a_worker_killed_mid_file_leaves_nothing_and_the_file_is_read_again(
    monkeypatch, django_capture_on_commit_callbacks
):
    def killed(*args, **kwargs):
        raise SystemExit("killed")  # after the source was begun

    monkeypatch.setattr(intake, "attach", killed)
    with django_capture_on_commit_callbacks(execute=True):
        stored = intake.store(ARTICLE.encode(), "a.txt", confirm=True)
    document = Document.objects.get(pk=stored.document.pk)
    assert document.state == Document.State.READING
    assert not Source.objects.exists()
    monkeypatch.undo()
    # Not yet past the limit: left to the worker that may still be reading it.
    assert intake.queue_stuck() == 0
    later = document.started_at + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert intake.queue_stuck(now=later) == 1
    document.refresh_from_db()
    assert document.state == Document.State.READY
    assert Source.objects.get().document == document


@pytest.mark.django_db
def test_ingest_twice_skips_what_is_in(tmp_path, capsys, report_164):
    folder = tmp_path / "in"
    (folder / "deeper").mkdir(parents=True)
    (folder / "one.txt").write_text(ARTICLE)
    (folder / "deeper" / "two.txt").write_text("Ein zweiter Text über die Wahlen im März.")
    (folder / "same.txt").write_text(report_164.text)
    (folder / "empty.txt").write_text("   ")
    call_command("ingest", str(folder), "--confirm")
    first = capsys.readouterr().out
    assert "one.txt: made: Proteste in Almaty" in first
    assert "same.txt: duplicate:" in first
    assert "empty.txt: refused: The file is empty." in first
    assert "Done: 2 made, 0 queued, 1 duplicates, 1 refused, 0 already in." in first
    assert Source.objects.count() == 3
    call_command("ingest", str(folder))
    second = capsys.readouterr().out
    assert "Done: 0 made, 0 queued, 0 duplicates, 0 refused, 4 already in." in second
    assert Source.objects.count() == 3


@pytest.mark.django_db
def test_ingest_without_confirm_leaves_drafts(tmp_path, capsys):
    (tmp_path / "one.txt").write_text(ARTICLE)
    call_command("ingest", str(tmp_path / "one.txt"))
    assert "made: draft to confirm" in capsys.readouterr().out
    assert Document.objects.drafts().count() == 1 and not Source.objects.exists()


@pytest.mark.django_db
def test_too_large_and_too_many_files_are_refused_before_storing(
    editor_client, django_capture_on_commit_callbacks, settings
):
    settings.DOCUMENT_MAX_BYTES = 100
    settings.DOCUMENT_MAX_FILES = 2
    big = upload(editor_client, django_capture_on_commit_callbacks, a_file())
    assert big.status_code == 200 and "larger than" in big.content.decode()
    many = upload(
        editor_client,
        django_capture_on_commit_callbacks,
        *(a_file(f"Text {n}", f"{n}.txt") for n in range(3)),
    )
    assert "Upload at most 2 files at once." in many.content.decode()
    empty = upload(editor_client, django_capture_on_commit_callbacks)
    assert "Choose files, or paste a text." in empty.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_an_editor_without_add_source_cannot_upload(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    client.force_login(viewer)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"files": [a_file()]}).status_code == 403
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_originals_are_for_editors_only(editor_client, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        stored = intake.store(ARTICLE.encode(), "a.txt", confirm=True)
    source = Source.objects.get()
    publish(source)  # its page is a reader's, then
    address = f"/documents/{stored.document.pk}/original/"
    assert client.get(address).status_code == 403
    assert client.get(f"/documents/of-source/{source.slug}/original/").status_code == 403
    assert "Original file" not in client.get(source.get_absolute_url()).text
    got = editor_client.get(address)
    assert got.status_code == 200 and b"".join(got.streaming_content) == ARTICLE.encode()
    assert got["Content-Disposition"].startswith("attachment")
    assert "Original file" in editor_client.get(source.get_absolute_url()).text
    # The file is not under a public address.
    assert "/media/" not in stored.document.file.name


@pytest.mark.django_db
def test_drafts_are_on_no_public_page_nor_in_the_api(
    editor_client, django_capture_on_commit_callbacks
):
    client = Client()
    upload(editor_client, django_capture_on_commit_callbacks, a_file())
    assert Document.objects.drafts().count() == 1
    for address in ["/sources/", "/api/sources/", "/search/?q=Almaty"]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert "Proteste in Almaty" not in response.content.decode(), address


@pytest.mark.django_db
def test_the_states_endpoint_answers_the_list_script(editor_client):
    client = Client()
    document = Document.objects.create(sha256="a" * 64, size=1, name="x.txt")
    answer = editor_client.get(f"/admin/documents/document/states/?id={document.pk}&id=junk")
    assert answer.json() == {"states": {str(document.pk): "waiting"}, "pending": True}
    assert client.get("/admin/documents/document/states/").status_code == 302  # to the login


def test_the_storage_setting_selects_the_backend():
    """Only the default is tested against a real storage: no S3 is reachable here."""
    script = (
        "from dossier import settings; "
        "print(settings.STORAGES['documents']['BACKEND'], "
        "settings.STORAGES['documents']['OPTIONS']['bucket_name'])"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "dossier.settings",
        "DOCUMENT_STORAGE": "s3",
        "DOCUMENT_S3_BUCKET": "originals",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env, capture_output=True, text=True, cwd=PROJECT, check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["storages.backends.s3.S3Storage", "originals"]
    refused = subprocess.run(
        [sys.executable, "-c", "from dossier import settings"],
        env=env | {"DOCUMENT_S3_BUCKET": ""}, capture_output=True, text=True, cwd=PROJECT,
    )  # fmt: skip
    assert "DOCUMENT_STORAGE=s3 needs DOCUMENT_S3_BUCKET" in refused.stderr


@pytest.mark.django_db
def test_the_outlet_a_document_names_is_matched_whatever_its_spacing_case_or_accents():
    """A page's site name is proposed as the outlet held under another spelling of it;
    where two actors match, or none, the editor is asked."""
    held = Actor.objects.create(
        name="Deutsche Wirtschafts Nachrichten", slug="dwn", kind=Actor.Kind.MEDIA_OUTLET
    )
    ActorAlias.objects.create(actor=held, name="DWN")
    document = Document(name="page.html", draft={"outlet": "Deutsche Wirtschaftsnachrichten"})
    assert proposal(document)["outlet"] == held
    assert proposal(document)["new_outlet"] == ""
    document.draft = {"outlet": "dwn"}
    assert proposal(document)["outlet"] == held
    document.draft = {"outlet": "Le Monde"}
    assert (proposal(document)["outlet"], proposal(document)["new_outlet"]) == (None, "Le Monde")
    Actor.objects.create(
        name="Deutsche-Wirtschafts-Nachrichten", slug="dwn-2", kind=Actor.Kind.MEDIA_OUTLET
    )
    document.draft = {"outlet": "Deutsche Wirtschaftsnachrichten"}
    assert proposal(document)["outlet"] is None


@pytest.mark.django_db
def test_the_reading_view_says_when_a_text_was_read_by_ocr(editor_client, report_164):
    reading = f"/admin/sources/source/{report_164.pk}/read/"
    assert b"read by OCR" not in editor_client.get(reading).content
    document = intake.store(b"%PDF-1.4 scanned", "scan.pdf", queue=False).document
    Document.objects.filter(pk=document.pk).update(ocr=True, source=report_164)
    page = editor_client.get(reading).content.decode()
    assert "Its text was read by OCR from a scan" in page
    assert f'href="/documents/{document.pk}/original/"' in page
