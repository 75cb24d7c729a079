import pytest

from claims.models import Claim
from sources.models import Source

pytestmark = pytest.mark.django_db


def test_source_page_shows_metadata_and_full_text(client, report_164, claim_164):
    page = client.get("/sources/unruhen-in-kasachstan/").content.decode()
    assert "Unruhen in Kasachstan" in page
    assert "Tagesblatt" in page and "Jan. 10, 2022" in page and "News report" in page


def test_quoted_passage_is_highlighted_and_linked_to_its_claim(client, claim_164):
    page = client.get("/sources/unruhen-in-kasachstan/").content.decode()
    assert f'id="quote-{claim_164.pk}"' in page
    assert f'<mark class="quote" data-claims="{claim_164.pk}">' in page
    assert f'href="/claims/{claim_164.pk}/"' in page


def test_quote_is_found_across_line_breaks(client, death_toll, report_164, government):
    report_164.text = "Nach Angaben von Regierung\nund   Polizei kamen 164 Menschen ums Leben."
    report_164.save()
    claim = Claim.objects.create(
        status="published",
        question=death_toll,
        source=report_164,
        stated_value="164",
        bound="exact",
        value=164,
        value_min=164,
        value_max=164,
        quote="Regierung und Polizei kamen 164 Menschen",
    )
    page = client.get("/sources/unruhen-in-kasachstan/").content.decode()
    assert f'id="quote-{claim.pk}"' in page
    assert ">Regierung\nund   Polizei kamen 164 Menschen</a></mark>" in page


def test_hostile_text_is_escaped_even_inside_highlights(client, death_toll, report_164):
    report_164.text = "Vorher <script>alert(1)</script> 164 Tote <b>fett</b>"
    report_164.save()
    Claim.objects.create(
        status="published",
        question=death_toll,
        source=report_164,
        stated_value="<img src=x onerror=alert(2)>",
        bound="exact",
        value=164,
        value_min=164,
        value_max=164,
        quote="<script>alert(1)</script> 164",
    )
    for url in ["/sources/unruhen-in-kasachstan/", "/questions/unrest-death-toll/"]:
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<img src=x" not in page


def test_source_list_and_unknown_source(client, report_164, report_225):
    page = client.get("/sources/").content.decode()
    assert "Unruhen in Kasachstan" in page and "Bilanz der Januarereignisse" in page
    assert client.get("/sources/nothing-here/").status_code == 404


def test_source_list_counts_each_sources_claims(client, claim_164, claim_225, report_164):
    Source.objects.create(
        status="published",
        text_public=True,
        title="Ohne Angaben",
        slug="ohne-angaben",
        kind="news_report",
        text="Kein Wort.",
    )
    page = client.get("/sources/").context["page"]
    totals = {source.slug: source.claim_total for source in page}
    assert totals == {report_164.slug: 1, claim_225.source.slug: 1, "ohne-angaben": 0}


def test_source_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, claim_164, report_164
):
    # Expect 6 queries:
    # * the source with its outlet, parent and the original it republishes
    # * its claims with their questions and actors
    # * its authors
    # * its parts, for a bundle
    # * the sources that republish it
    # * the versions of what it shows (pages/kept.py), read once it is built
    with django_assert_num_queries(6):
        client.get("/sources/unruhen-in-kasachstan/")
