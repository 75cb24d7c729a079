"""/sitemap.xml: an index of the sections' pages, each page listing public addresses."""

import xml.etree.ElementTree as ElementTree

import pytest

from claims.sitemaps import ClaimSitemap

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def locations(tree, tag="url") -> list[str]:
    return [loc.text for loc in tree.findall(f"sm:{tag}/sm:loc", NS)]


def test_the_index_lists_every_section_and_each_page_of_a_long_one(
    client, settings, monkeypatch, claim_164, claim_225
):
    monkeypatch.setattr(ClaimSitemap, "limit", 1)
    index = locations(xml_of(client, "/sitemap.xml"), "sitemap")
    sections = ["questions", "events", "sources", "actors", "claims"]
    assert [loc.rsplit("/", 1)[1] for loc in index] == [
        *(f"sitemap-{section}.xml" for section in sections),
        "sitemap-claims.xml?p=2",
    ]


def test_each_section_gives_the_public_pages_at_the_sites_address(
    client, settings, claim_164, claim_225, death_toll, report_164, government
):
    settings.SITE_URL = "https://dossier.example.org"
    site = "https://dossier.example.org"
    assert locations(xml_of(client, "/sitemap-questions.xml")) == [
        f"{site}/questions/unrest-death-toll/"
    ]
    claims = locations(xml_of(client, "/sitemap-claims.xml"))
    assert claims == [f"{site}/claims/{claim_164.pk}/", f"{site}/claims/{claim_225.pk}/"]
    sources = locations(xml_of(client, "/sitemap-sources.xml"))
    assert f"{site}/sources/unruhen-in-kasachstan/" in sources
    actors = locations(xml_of(client, "/sitemap-actors.xml"))
    assert f"{site}{government.get_absolute_url()}" in actors
    # Every address listed answers.
    for address in claims + sources + actors:
        assert client.get(address.removeprefix(site)).status_code == 200
    tree = xml_of(client, "/sitemap-questions.xml")
    [lastmod] = [node.text for node in tree.findall("sm:url/sm:lastmod", NS)]
    assert lastmod == death_toll.updated_at.date().isoformat()


@pytest.mark.parametrize(
    "url", ["/sitemap-nothing.xml", "/sitemap-claims.xml?p=9", "/sitemap-claims.xml?p=x"]
)
def test_no_such_section_or_page_is_not_found(client, claim_164, url):
    assert client.get(url).status_code == 404
