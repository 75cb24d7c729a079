"""Editors enter each German text beside its English one, and German pages show it."""

import pytest

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
