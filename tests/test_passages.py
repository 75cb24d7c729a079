"""Source ⇄ passage, both ways, for every source of the demo."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command

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


def test_every_show_in_the_source_lands_on_a_highlight_linked_to_all_its_claims(client):
    call_command("loaddata", "kazakhstan-2022", verbosity=0)
    shared = 0
    for source in Source.objects.all():
        page = passages(client, source)
        for claim in Claim.objects.filter(source=source):
            # the anchor sits inside a highlight that backs this claim
            assert str(claim.pk) in (page.anchors.get(f"quote-{claim.pk}") or []), claim
        for mark in page.marks:
            assert mark["links"] == {f"/claims/{pk}/" for pk in mark["claims"]}
            shared += len(mark["claims"]) > 1
    assert shared > 0  # the demo has passages that back several claims


def test_a_passage_backing_two_claims_links_to_both(client, claim_164, death_toll, government):
    twin = Claim.objects.create(
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
