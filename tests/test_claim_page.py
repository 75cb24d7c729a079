"""Every claim's own page, and citations of a claim and of a question."""

import json
import re
from decimal import Decimal

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser

from claims.models import Claim
from tests.publishing import publish

pytestmark = pytest.mark.django_db

HOSTILE = 'Böse {Klammer} 100% & $x$ #1 _a_ ^b ~c \\end{document} "quote" <script>alert(1)</script>'


def parse_bibtex(text: str) -> dict:
    parser = BibTexParser(common_strings=False)
    parser.ignore_nonstandard_types = False
    database = bibtexparser.loads(text, parser=parser)
    assert len(database.entries) == 1, text
    return database.entries[0]


@pytest.fixture
def longer_source(report_164):
    report_164.text = (
        "Erster Satz über Almaty. Zweiter Satz über die Lage. Dritter Satz vorher. "
        "Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben. "
        "Vierter Satz danach. Fünfter Satz danach. Sechster Satz ganz am Ende."
    )
    report_164.save()
    return report_164


def test_claim_page_shows_the_claim_its_quote_in_context_and_the_other_answers(
    client, longer_source, claim_164, claim_225
):
    response = client.get(f"/claims/{claim_164.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "How many people died in the January 2022 unrest?" in page
    assert "Government of Kazakhstan" in page and "Unruhen in Kasachstan" in page
    # the quote marked, with sentences around it, but not the whole text
    assert (
        'Zweiter Satz über die Lage. Dritter Satz vorher. <mark class="quote">'
        "Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben.</mark>"
        " Vierter Satz danach. Fünfter Satz danach. …"
    ) in page
    assert "Erster Satz" not in page and "Sechster Satz" not in page
    # the other answer, linked to its own page; the comparison and the source linked
    assert f'href="/claims/{claim_225.pk}/"' in page and "mindestens 225" in page
    assert f'href="/questions/unrest-death-toll/#claim-{claim_164.pk}"' in page
    assert (
        f'href="/sources/unruhen-in-kasachstan/?quote={claim_164.pk}#quote-{claim_164.pk}"' in page
    )


def test_claim_page_tells_its_history(client, death_toll, report_164, government):
    claim = Claim.objects.create(
        question=death_toll,
        source=report_164,
        actor=government,
        attribution=Claim.Attribution.ACCORDING_TO,
        stated_value="164",
        bound=Claim.Bound.EXACT,
        value=Decimal(164),
        value_min=Decimal(164),
        value_max=Decimal(164),
        quote="Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben.",
    )
    assert claim.status == "draft"
    # a change while still a draft: readers never saw the version before it
    claim.quote_translation = "According to the government and police, 164 people died."
    claim._change_reason = "translated while drafting"
    claim.save()
    publish(claim)
    claim.refresh_from_db()
    claim.rank, claim.rank_reason = "preferred", "Official figure"
    claim._change_reason = "the government's own count"
    claim.save()

    page = client.get(f"/claims/{claim.pk}/").content.decode()
    history = page[page.index('id="history-heading"') : page.index('id="cite-heading"')]
    versions = re.findall(r"<li><time [^>]*>[^<]*</time>:\s*(.*?)</li>", history, re.S)
    assert versions == [
        "corrected: rank, reason for the rank — the government&#x27;s own count",
        "published",
    ]
    assert "translation of the quote" not in history
    assert "translated while drafting" not in history


def test_claim_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, claim_164, claim_225
):
    # Expect 6 queries:
    # * the claim with its question, event, source, outlet, actor and place
    # * the document its source was read from, if a PDF (the page of its quote)
    # * the question's answers with their sources and actors
    # * their relations to each other
    # * the claim's history
    # * the source's authors, for the citation
    with django_assert_num_queries(6):
        assert client.get(f"/claims/{claim_164.pk}/").status_code == 200


def test_unknown_claim_is_404(client):
    assert client.get("/claims/999999/").status_code == 404
    assert client.get("/claims/999999/cite.bib").status_code == 404


def test_the_comparison_links_each_answer_to_its_page(client, claim_164, claim_225):
    page = client.get("/questions/unrest-death-toll/").content.decode()
    assert f'href="/claims/{claim_164.pk}/"' in page
    assert f'href="/claims/{claim_225.pk}/"' in page


def test_claim_citations_are_valid_bibtex_and_csl_json(client, claim_164, tagesblatt):
    claim_164.source.url = "https://example.org/unruhen?a=1&b=%20"
    claim_164.source.save()
    bib = client.get(f"/claims/{claim_164.pk}/cite.bib")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert f'filename="dossier-claim-{claim_164.pk}.bib"' in bib["Content-Disposition"]
    entry = parse_bibtex(bib.content.decode())
    assert entry["ENTRYTYPE"] == "article" and entry["ID"] == f"dossier-claim-{claim_164.pk}"
    assert entry["title"] == "Unruhen in Kasachstan"
    assert entry["journal"] == "Tagesblatt"
    assert entry["date"] == "2022-01-10"
    assert entry["url"] == "https://example.org/unruhen?a=1&b=%20"
    assert f"http://testserver/claims/{claim_164.pk}/" in entry["note"]

    items = json.loads(client.get(f"/claims/{claim_164.pk}/cite.json").content)
    (item,) = items
    assert item["id"] == f"dossier-claim-{claim_164.pk}"
    assert item["type"] == "article-newspaper"
    assert item["container-title"] == "Tagesblatt"
    assert item["issued"] == {"date-parts": [[2022, 1, 10]]}
    assert item["URL"] == "https://example.org/unruhen?a=1&b=%20"


def test_question_citations_are_valid_bibtex_and_csl_json(client, claim_164, claim_225):
    claim_164.question.refresh_analysis()
    comparison = client.get("/questions/unrest-death-toll/").content.decode()
    assert 'href="/questions/unrest-death-toll/cite.bib"' in comparison
    entry = parse_bibtex(client.get("/questions/unrest-death-toll/cite.bib").content.decode())
    assert entry["ENTRYTYPE"] == "misc" and entry["ID"] == "dossier-question-unrest-death-toll"
    assert entry["title"] == "How many people died in the January 2022 unrest?"
    assert entry["url"] == "http://testserver/questions/unrest-death-toll/"
    assert "Count grew over time: 164 – 225+ people" in entry["note"]
    (item,) = json.loads(client.get("/questions/unrest-death-toll/cite.json").content)
    assert item["type"] == "dataset" and item["publisher"] == "Dossier"
    assert item["URL"] == "http://testserver/questions/unrest-death-toll/"


def test_hostile_text_is_escaped_in_every_citation(client, claim_164):
    claim_164.source.title = HOSTILE
    claim_164.source.url = "https://example.org/a}b{c d\\e"
    claim_164.source.save()
    claim_164.stated_value = HOSTILE
    claim_164.quote = HOSTILE
    claim_164.save()

    text = client.get(f"/claims/{claim_164.pk}/cite.bib").content.decode()
    entry = parse_bibtex(text)  # braces stay balanced: one entry, every field closed
    assert entry["title"] == (
        r"Böse \{Klammer\} 100\% \& \$x\$ \#1 \_a\_ \^{}b \~{}c \textbackslash{}end\{document\} "
        r'"quote" <script>alert(1)</script>'
    )
    assert entry["url"] == "https://example.org/a%7Db%7Bc%20d%5Ce"
    assert "\\end{document}" not in text

    (item,) = json.loads(client.get(f"/claims/{claim_164.pk}/cite.json").content)
    assert item["title"] == HOSTILE  # JSON carries the text as it is, escaped by JSON

    page = client.get(f"/claims/{claim_164.pk}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_claim_without_its_quote_in_the_source_says_so(client, claim_164):
    Claim.objects.filter(pk=claim_164.pk).update(quote="Nirgends im Text.")
    page = client.get(f"/claims/{claim_164.pk}/").content.decode()
    assert "„Nirgends im Text.“" in page
    assert "The quote was not found in the source" in page
