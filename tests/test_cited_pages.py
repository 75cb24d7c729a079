"""A claim whose source was read from a PDF cites the page its quote stands on: on the
claim's page and in each of its citations."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim
from documents.models import Document
from sources.text import pages_holding
from tests.publishing import publish
from tests.test_claim_page import parse_bibtex
from tests.test_extraction import PARAGRAPHS, text_pdf, word_document

pytestmark = pytest.mark.django_db

# Three pages: the article's paragraphs 0–1, 2–3 and 4–6.
PAGES = ["\n\n".join(PARAGRAPHS[0:2]), "\n\n".join(PARAGRAPHS[2:4]), "\n\n".join(PARAGRAPHS[4:])]
ON_PAGE_1 = "man habe einen versuchten Umsturz abgewehrt"
ON_PAGE_3 = "nach Angaben von Regierung und Polizei 164 Menschen gestorben"
# The heading that ends page 2, and the words that begin page 3.
ACROSS_PAGES = "Kasachstan will Beweise für Umsturzversuch vorlegen Tokajew sagte"


def brought_in(client, callbacks, data: bytes, name: str, **changes):
    """The source an editor confirms from this file, with `changes` to the draft, and a
    reviewer then publishes: its claims' pages are readers'."""
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    with callbacks(execute=True):
        client.post("/admin/documents/document/add/", {"files": [upload]})
    document = Document.objects.get(name=name)
    assert document.state == Document.State.READY, document.reason
    form = {
        "title": document.draft["title"] or name,
        "kind": "news_report",
        "language": "de",
        "published_on": "2022-01-10",
        "published_precision": "day",
        "text": document.text,
    } | changes
    response = client.post(f"/admin/documents/document/{document.pk}/confirm/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    document.refresh_from_db()
    assert document.source.status == "draft"
    (source,) = publish(document.source)
    return source


@pytest.fixture
def pdf_source(editor_client, django_capture_on_commit_callbacks):
    return brought_in(
        editor_client, django_capture_on_commit_callbacks, text_pdf(PAGES), "putin.pdf"
    )


def claim_quoting(source, question, quote: str) -> Claim:
    return Claim.objects.create(
        status="published",
        question=question,
        source=source,
        stated_value="164",
        bound=Claim.Bound.EXACT,
        value=Decimal(164),
        value_min=Decimal(164),
        value_max=Decimal(164),
        quote=quote,
    )


def cited(client, claim) -> dict:
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    bib = parse_bibtex(client.get(f"/claims/{claim.pk}/cite.bib").content.decode())
    (csl,) = json.loads(client.get(f"/claims/{claim.pk}/cite.json").content)
    text = page[page.index('id="cite-text"') :]
    return {
        "shown": page[page.index("<dt>Source</dt>") : page.index("<dt>Published</dt>")],
        "text": text[: text.index("</textarea>")],
        "bibtex": bib.get("pages"),
        "csl": csl.get("page"),
    }


def test_a_pdf_keeps_where_each_page_begins_and_ends(pdf_source):
    document = pdf_source.document
    assert len(document.pages) == 3
    for (start, end), page in zip(document.pages, PAGES, strict=True):
        assert document.text[start:end].split() == page.split()


def test_a_claim_on_a_pdf_cites_the_page_of_its_quote(client, pdf_source, death_toll):
    claim = claim_quoting(pdf_source, death_toll, ON_PAGE_3)
    found = cited(client, claim)
    assert '<span class="page-cited">p. 3</span>' in found["shown"]
    assert "2022. p. 3. Claim: 164" in found["text"]
    assert (found["bibtex"], found["csl"]) == ("3", "3")

    first = claim_quoting(pdf_source, death_toll, ON_PAGE_1)
    assert cited(client, first)["csl"] == "1"


def test_a_quote_running_over_two_pages_cites_both(client, pdf_source, death_toll):
    claim = claim_quoting(pdf_source, death_toll, ACROSS_PAGES)
    found = cited(client, claim)
    assert '<span class="page-cited">pp. 2–3</span>' in found["shown"]
    assert "pp. 2–3." in found["text"]
    assert (found["bibtex"], found["csl"]) == ("2--3", "2-3")


def test_the_page_is_said_in_german(client, pdf_source, death_toll):
    claim = claim_quoting(pdf_source, death_toll, ON_PAGE_3)
    page = client.get(f"/claims/{claim.pk}/", headers={"accept-language": "de"})
    assert '<span class="page-cited">S. 3</span>' in page.content.decode()


def test_the_page_holds_when_the_editor_shortened_the_text_before_confirming(
    client, editor_client, django_capture_on_commit_callbacks, death_toll
):
    # The editor cut the first page's opening paragraph: the source's text no longer
    # lines up with the PDF's, and the quote is found in the text as read.
    source = brought_in(
        editor_client,
        django_capture_on_commit_callbacks,
        text_pdf(PAGES),
        "gekuerzt.pdf",
        text="\n\n".join(PARAGRAPHS[1:]),
    )
    claim = claim_quoting(source, death_toll, ON_PAGE_3)
    assert cited(client, claim)["csl"] == "3"


def test_claims_on_sources_not_read_from_a_pdf_cite_no_page(
    client, editor_client, django_capture_on_commit_callbacks, death_toll, claim_164
):
    word = brought_in(
        editor_client,
        django_capture_on_commit_callbacks,
        word_document(PARAGRAPHS),
        "putin.docx",
    )
    assert word.document.pages == []
    for claim in [claim_quoting(word, death_toll, ON_PAGE_3), claim_164]:
        found = cited(client, claim)
        assert "page-cited" not in found["shown"]
        assert (found["bibtex"], found["csl"]) == (None, None)


def test_a_quote_the_text_as_read_lacks_cites_no_page(client, pdf_source, death_toll):
    claim = claim_quoting(pdf_source, death_toll, "Ein Satz, den das PDF nicht enthält")
    assert cited(client, claim)["csl"] is None


@pytest.mark.parametrize(
    ("start", "end", "pages"),
    [
        (0, 5, (1, 1)),
        (9, 10, (1, 1)),  # the page's last character
        (10, 13, (1, 2)),  # from the blank line between the pages
        (12, 20, (2, 2)),
        (15, 30, (2, 4)),  # over the page without text
        (30, 31, None),  # past the text
    ],
)
def test_the_pages_of_a_span(start, end, pages):
    # Page 1 is 0–10, page 2 12–20, page 3 empty, page 4 22–30.
    assert pages_holding([[0, 10], [12, 20], [20, 20], [22, 30]], start, end) == pages
