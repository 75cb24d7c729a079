"""Editors enter each German text beside its English one, and German pages show it;
and an editor who works in German brings documents in through German pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from documents.models import Document
from tests.test_documents import ADD, upload
from tests.test_german import visible_text

pytestmark = pytest.mark.django_db


def test_editor_fills_german_texts_beside_the_english_ones(editor_client, client, unrest):
    url = f"/admin/claims/event/{unrest.pk}/change/"
    form = editor_client.get(url).content.decode()
    # each German field on the same line as its English one
    assert 'class="form-row field-name field-name_de"' in form
    assert 'class="form-row field-description field-description_de"' in form
    response = editor_client.post(
        url,
        {
            "opened_version": unrest.version,
            "name": unrest.name,
            "name_de": "Unruhen in Kasachstan im Januar 2022",
            "slug": unrest.slug,
            "starts_on": "2022-01-02",
            "starts_precision": "day",
            "ends_on": "",
            "ends_precision": "",
            "place": unrest.place_id,
            "parent": "",
            "description": "Protests over gas prices.",
            "description_de": "Proteste gegen die Gaspreise.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.cookies["django_language"] = "de"
    text = visible_text(client, unrest.get_absolute_url())
    assert (
        "Unruhen in Kasachstan im Januar 2022" in text and "Proteste gegen die Gaspreise." in text
    )
    assert "Protests over gas prices." not in text


def test_an_editor_in_german_brings_in_documents_in_german(
    editor_client, django_capture_on_commit_callbacks, settings
):
    settings.DOCUMENT_MAX_FILES = 3
    editor_client.cookies["django_language"] = "de"
    page = editor_client.get(ADD).content.decode()
    text = visible_text(editor_client, ADD)
    assert "Dokumente aufnehmen" in text and "Aufgenommene Dokumente" in text
    assert "Bis zu 3 Dateien auf einmal." in text and "Entwurf einer Quelle" in text
    assert "Dateien" in text and "Oder einen Text einfügen" in text
    assert 'value="Aufnehmen"' in page
    assert "Bring in documents" not in text and "Or paste a text" not in text

    # The upload's own refusal, and the reason a file that cannot be read is refused.
    empty = upload(editor_client, django_capture_on_commit_callbacks)
    assert "Wählen Sie Dateien aus, oder fügen Sie einen Text ein." in empty.content.decode()
    image = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(500))
    assert upload(editor_client, django_capture_on_commit_callbacks, image).status_code == 302
    listing = visible_text(editor_client, "/admin/documents/document/")
    assert "Abgelehnt" in listing
    assert "Die Datei ist ein Bild. Speichern Sie es als PDF" in listing
    assert "The file is an image" not in listing


def test_a_reason_given_in_one_language_is_read_in_each_editors_own(
    editor_client, django_capture_on_commit_callbacks, settings
):
    """A worker refuses in no one's language: the reason is kept as its message and its
    values, and each editor reads it in theirs, values and all."""
    settings.DOCUMENT_MAX_FILES = 3
    first = SimpleUploadedFile("erste.txt", b"Proteste in Almaty, 164 Tote.\n")
    upload(editor_client, django_capture_on_commit_callbacks, first)
    # The same text again, read while the worker's language is German.
    with translation.override("de"):
        again = SimpleUploadedFile("zweite.txt", b"Proteste in Almaty, 164 Tote.\r\n")
        upload(editor_client, django_capture_on_commit_callbacks, again)
    refused = Document.objects.get(name="zweite.txt")
    assert refused.state == Document.State.REFUSED
    assert refused.reason == "The same text is already in, from “%(name)s”."
    listing = visible_text(editor_client, "/admin/documents/document/")
    assert "The same text is already in, from “erste.txt”." in listing
    editor_client.cookies["django_language"] = "de"
    listing = visible_text(editor_client, "/admin/documents/document/")
    assert "Derselbe Text ist bereits aufgenommen, aus „erste.txt“." in listing
