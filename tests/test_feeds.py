"""The Atom feeds: valid Atom (RFC 4287's required elements), the published findings and
their corrections, linked from the pages they follow."""

import re
import xml.etree.ElementTree as ElementTree

import pytest
from django.test import Client

from claims.models import Claim, Verdict
from tests.admin_forms import opened_form
from tests.publishing import a_reviewer, publish

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    "/feeds/dossier.atom",
    "/questions/unrest-death-toll/feed.atom",
    "/events/kazakhstan-unrest-2022/feed.atom",
]
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def atom(url: str) -> ElementTree.Element:
    response = Client().get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def assert_valid_atom(feed: ElementTree.Element):
    """What RFC 4287 requires of a feed and of each entry (sections 4.1.1 and 4.1.2)."""
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            found = element.findall(f"{ATOM}{required}")
            assert len(found) == 1 and found[0].text, (element.tag, required)
        assert RFC3339.match(element.find(f"{ATOM}updated").text)
    # A feed without an author needs one in each entry; ours names "the editors" once.
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "the editors"
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
    ids = [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


def entries(feed) -> list[tuple[str, str]]:
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}summary").text or "")
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_the_feeds_are_atom_with_each_published_finding(claim_164, claim_225, death_toll):
    for url in FEEDS:
        feed = atom(url)
        assert_valid_atom(feed)
        titles = [title for title, _summary in entries(feed)]
        assert any("164 (Unruhen in Kasachstan)" in title for title in titles), url
        assert any(title == f"Published: {death_toll.text}" for title in titles), url


def test_a_draft_is_in_no_feed_and_its_publication_and_correction_are(
    admin_client, claim_164, death_toll, report_164, editor
):
    draft = Claim.objects.create(
        question=death_toll, source=report_164, stated_value="Rund 160",
        bound="exact", value=160, value_min=160, value_max=160,
        quote="164 Menschen", drafted_by=editor,
    )  # fmt: skip
    verdict = Verdict.objects.create(
        question=death_toll, agreement="agree", reason="One figure.", drafted_by=editor
    )
    for url in FEEDS:
        text = ElementTree.tostring(atom(url), encoding="unicode")
        assert "Rund 160" not in text and "Editors' verdict" not in text
    publish(draft, verdict)
    titles = [title for title, _summary in entries(atom(FEEDS[1]))]
    assert titles[:2] == [
        f"Published: Editors' verdict on “{death_toll.text}”: Sources agree",
        f"Published: {death_toll.text}: Rund 160 (Unruhen in Kasachstan)",
    ]

    admin_client.force_login(a_reviewer())
    url = f"/admin/claims/claim/{draft.pk}/change/"
    data = opened_form(admin_client.get(url)) | {
        "stated_value": "rund 160",
        "correction_reason": "Lower case, as the source writes it.",
    }
    assert admin_client.post(url, data).status_code == 302
    for url in FEEDS:
        title, summary = entries(atom(url))[0]
        assert title == f"Corrected: {death_toll.text}: rund 160 (Unruhen in Kasachstan)"
        assert "stated value" in summary and "Lower case, as the source writes it." in summary


def test_pages_name_their_feeds(client, claim_164, death_toll, unrest):
    alternate = '<link rel="alternate" type="application/atom+xml" href="{}"'
    index = client.get("/").content.decode()
    assert alternate.format("/feeds/dossier.atom") in index
    question = client.get("/questions/unrest-death-toll/").content.decode()
    assert alternate.format("/questions/unrest-death-toll/feed.atom") in question
    event = client.get(f"/events/{unrest.slug}/").content.decode()
    assert alternate.format(f"/events/{unrest.slug}/feed.atom") in event


def test_no_such_question_or_event_has_no_feed(client, claim_164):
    assert client.get("/questions/no-such-question/feed.atom").status_code == 404
    assert client.get("/events/no-such-event/feed.atom").status_code == 404


def test_a_feed_speaks_the_readers_language(claim_164, death_toll):
    reader = Client()
    reader.cookies["django_language"] = "de"
    feed = ElementTree.fromstring(reader.get("/feeds/dossier.atom").content)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "die Redaktion"
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert f"Veröffentlicht: {death_toll.text_de}" in titles
