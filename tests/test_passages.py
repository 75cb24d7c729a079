"""Source ⇄ passage, both ways.

Every source of the demo is checked in tests/test_demo_data.py, where the demo is loaded once.
"""

from html.parser import HTMLParser

import pytest

from claims.models import Claim
from sources.models import Source

pytestmark = pytest.mark.django_db


class Passages(HTMLParser):
    """The marked passages of a source page: their claims, links and anchors."""

    def __init__(self):
        super().__init__()
        self.open: list[dict] = []
        self.marks: list[dict] = []
        self.anchors: dict[str, list[str] | None] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark":
            mark = {"claims": attrs.get("data-claims", "").split(), "links": set()}
            self.open.append(mark)
            self.marks.append(mark)
        elif tag == "span" and attrs.get("class") == "anchor":
            self.anchors[attrs["id"]] = self.open[-1]["claims"] if self.open else None
        elif tag == "a" and self.open:
            self.open[-1]["links"].add(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()


def passages(client, source: Source) -> Passages:
    parser = Passages()
    parser.feed(client.get(source.get_absolute_url()).content.decode())
    return parser


def test_a_passage_backing_two_claims_links_to_both(client, claim_164, death_toll, government):
    twin = Claim.objects.create(
        status="published",
        question=death_toll,
        source=claim_164.source,
        actor=government,
        attribution="according_to",
        stated_value="164 Menschen",
        bound="exact",
        value=164,
        value_min=164,
        value_max=164,
        quote="kamen 164 Menschen ums Leben",
    )
    page = passages(client, claim_164.source)
    assert page.anchors[f"quote-{claim_164.pk}"] == [str(claim_164.pk)]
    assert page.anchors[f"quote-{twin.pk}"] == [str(claim_164.pk), str(twin.pk)]
    shared = [mark for mark in page.marks if len(mark["claims"]) == 2]
    assert shared and shared[0]["links"] == {f"/claims/{claim_164.pk}/", f"/claims/{twin.pk}/"}


def test_the_same_quote_twice_gives_each_claim_its_highlighted_anchor(
    client, claim_164, death_toll
):
    twin = Claim.objects.create(
        status="published",
        question=death_toll,
        source=claim_164.source,
        stated_value="164",
        bound="exact",
        value=164,
        value_min=164,
        value_max=164,
        quote=claim_164.quote,
    )
    page = passages(client, claim_164.source)
    both = [str(claim_164.pk), str(twin.pk)]
    assert page.anchors[f"quote-{claim_164.pk}"] == both == page.anchors[f"quote-{twin.pk}"]


@pytest.mark.parametrize(
    "url, linked",
    [
        ("https://example.org/" + "a" * 300, True),
        ("http://example.org/x", True),
    ],
)
def test_sources_link_their_original_address_if_a_browser_may_open_it(
    client, report_164, url, linked
):
    report_164.url = url
    report_164.save()
    page = client.get(report_164.get_absolute_url()).content.decode()
    assert (f'<a href="{url}" rel="noopener noreferrer nofollow">' in page) is linked
    assert url in page
