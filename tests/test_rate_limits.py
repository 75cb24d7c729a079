"""Searches and pages built anew are limited per visitor; kept pages and editors are not."""

import pytest

pytestmark = pytest.mark.django_db


def test_too_many_new_searches_are_answered_429_with_when_to_try_again(client, claim_164, settings):
    settings.PAGE_BUILD_RATE_LIMIT = 3
    for word in ("Regierung", "Polizei", "Menschen"):
        assert client.get("/search/", {"q": word}).status_code == 200

    response = client.get("/search/", {"q": "Angaben"})

    assert response.status_code == 429
    assert "new searches or filtered pages" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= settings.PAGE_BUILD_RATE_WINDOW


def test_a_kept_page_is_served_past_the_limit(client, claim_164, settings):
    settings.PAGE_BUILD_RATE_LIMIT = 1
    assert client.get("/search/", {"q": "Regierung"}).status_code == 200

    again = client.get("/search/", {"q": "Regierung"})

    assert again.status_code == 200
    assert f"/claims/{claim_164.pk}/" in again.content.decode()


def test_another_visitor_is_not_limited_by_the_first(client, claim_164, settings):
    settings.PAGE_BUILD_RATE_LIMIT = 1
    client.get("/search/", {"q": "Regierung"})
    assert client.get("/search/", {"q": "Polizei"}).status_code == 429

    other = client.get("/search/", {"q": "Polizei"}, REMOTE_ADDR="192.0.2.7")

    assert other.status_code == 200


def test_editors_are_not_limited(editor_client, claim_164, settings):
    settings.PAGE_BUILD_RATE_LIMIT = 1
    for word in ("Regierung", "Polizei", "Menschen"):
        assert editor_client.get("/search/", {"q": word}).status_code == 200


def test_filtered_indexes_count_toward_the_same_limit(client, claim_164, settings):
    settings.PAGE_BUILD_RATE_LIMIT = 2
    assert client.get("/", {"value_min": "1"}).status_code == 200
    assert client.get("/", {"value_min": "2"}).status_code == 200

    assert client.get("/", {"value_min": "3"}).status_code == 429
