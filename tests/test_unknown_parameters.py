"""A parameter no page reads makes no page of its own, and shows in no kept link."""

import pytest
from django.core.cache import cache

from pages.kept import kept

pytestmark = pytest.mark.django_db


def kept_keys() -> set[str]:
    return {key for key in kept if key.startswith("kept:")}


@pytest.mark.parametrize(
    "address",
    ["/", "/search/?q=Menschen", "/sources/", "/questions/unrest-death-toll/", "/api/claims/"],
)
def test_junk_parameters_are_served_the_page_without_them(client, claim_164, address):
    plain = client.get(address)
    separator = "&" if "?" in address else "?"

    junk = client.get(f"{address}{separator}utm_source=evil&zz=%3Cb%3E")

    assert junk.status_code == plain.status_code == 200
    assert len(kept_keys()) == 1  # one page kept, not two
    assert b"utm_source" not in junk.content
    assert b"evil" not in junk.content


def test_junk_does_not_reach_the_links_of_a_page_kept_for_everyone(client, claim_164, settings):
    client.get("/?value_min=1&utm_campaign=spam")

    page = client.get("/?value_min=1").content.decode()

    assert "spam" not in page


def test_the_parameters_a_page_reads_still_make_pages_of_their_own(client, claim_164, claim_225):
    everything = client.get("/").content.decode()
    filtered = client.get("/?value_min=200").content.decode()

    assert len(kept_keys()) == 2
    assert "unrest-death-toll" in everything and "unrest-death-toll" in filtered


def test_junk_parameters_do_not_count_as_new_pages_against_the_limit(client, claim_164, settings):
    settings.PAGE_BUILD_RATE_LIMIT = 1
    cache.clear()
    assert client.get("/search/?q=Menschen").status_code == 200

    for number in range(5):
        assert client.get(f"/search/?q=Menschen&n={number}").status_code == 200
