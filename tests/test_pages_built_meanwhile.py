"""A page outdated by a change is built anew in the background: the reader who finds it
outdated is served it as it was at once, the next readers get the new page; a browser
that has just saved waits for the new page; a build that fails is tried again."""

import time

import pytest
from django.core import signing
from django.test import RequestFactory
from django.utils import translation

from dossier.replicas import PIN_COOKIE, PIN_SALT
from pages import kept
from pages.changes import changed

# Committed data: the build's thread reads over a connection of its own.
pytestmark = pytest.mark.django_db(transaction=True)

COMPARISON = "/questions/unrest-death-toll/"


@pytest.fixture(autouse=True)
def built_in_the_background(settings):
    settings.KEPT_PAGE_BUILDS_IN_BACKGROUND = True
    settings.KEPT_PAGE_MAX_STALE_SECONDS = 30


def text(client, url=COMPARISON) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def lock_of(url=COMPARISON) -> str:
    with translation.override("en"):
        return kept.page_key(RequestFactory().get(url)) + ":building"


def eventually(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def retitle(source, title):
    source.title = title
    source.save()
    changed(sources=[source.pk])


def test_the_reader_who_finds_a_page_outdated_is_served_it_and_does_not_wait(
    client, django_assert_num_queries, claim_164, report_164
):
    assert "Neue Bilanz" not in text(client)
    retitle(report_164, "Neue Bilanz")
    # Expect 1 query: the versions, which say the page is outdated. The page is built
    # by a thread (its queries go over its own connection), not by this request.
    with django_assert_num_queries(1):
        assert "Neue Bilanz" not in text(client)
    assert eventually(lambda: "Neue Bilanz" in text(client))
    assert kept.cache.get(lock_of()) is None


def test_a_browser_that_just_saved_is_served_the_new_page(client, claim_164, report_164):
    text(client)
    retitle(report_164, "Neue Bilanz")
    # The signed cookie a write sets: this browser reads what it wrote.
    client.cookies[PIN_COOKIE] = signing.get_cookie_signer(salt=PIN_COOKIE + PIN_SALT).sign("1")
    assert "Neue Bilanz" in text(client)


def test_a_page_outdated_beyond_the_maximum_age_is_built_for_its_reader(
    client, settings, claim_164, report_164
):
    settings.KEPT_PAGE_MAX_STALE_SECONDS = 0
    text(client)
    retitle(report_164, "Neue Bilanz")
    assert "Neue Bilanz" in text(client)


def test_a_build_that_fails_in_the_background_is_logged_and_tried_again(
    client, monkeypatch, caplog, claim_164, report_164
):
    text(client)
    retitle(report_164, "Neue Bilanz")
    built = kept.built

    def fails_once(build):
        monkeypatch.setattr(kept, "built", built)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(kept, "built", fails_once)
    assert "Neue Bilanz" not in text(client)
    assert eventually(lambda: kept.cache.get(lock_of()) is None)
    assert "Building the page" in caplog.text and "the database went away" in caplog.text
    # The lock was let go: the next reader starts the build again, which succeeds.
    assert eventually(lambda: "Neue Bilanz" in text(client))
