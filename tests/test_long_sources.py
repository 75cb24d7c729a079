"""A long report (2 MB) saves, opens a page at a time, and keeps its claims' quotes."""

import datetime
import time

import pytest
from django.urls import reverse

from claims.models import Claim
from sources.models import Source
from sources.text import PAGE_CHARACTERS, text_pages
from tests.admin_forms import opened_form

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "Am 5. Januar 2022 meldeten die Behörden {n} Festnahmen in Almaty; rund 12 Prozent mehr "
    "als am Vortag, und mindestens 225 Menschen starben, mehr als 2.000 wurden verletzt."
)


def long_text(size: int = 2_000_000) -> str:
    paragraphs, length, n = [], 0, 0
    while length < size:
        n += 1
        paragraphs.append(PARAGRAPH.format(n=1000 + n))
        length += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)


@pytest.fixture
def long_report():
    return Source.objects.create(
        status="published",
        text_public=True,
        title="Jahresbericht",
        slug="jahresbericht",
        kind=Source.Kind.ANALYSIS,
        language="de",
        published_on=datetime.date(2022, 12, 1),
        published_precision="day",
        text=long_text(),
    )


@pytest.fixture
def late_claim(long_report, death_toll, government):
    """A claim whose quote stands on the last page of the text."""
    quote = PARAGRAPH.format(n=1000 + long_report.text.count("\n\n") + 1)
    assert long_report.text.endswith(quote)
    return Claim.objects.create(
        status="published",
        question=death_toll,
        source=long_report,
        actor=government,
        quote=quote,
        stated_value="mindestens 225",
        bound="at_least",
        value=225,
        value_min=225,
    )


def test_a_two_megabyte_text_saves_and_is_found_by_its_beginning(long_report, client):
    assert len(Source.objects.get(pk=long_report.pk).text) >= 2_000_000
    found = client.get("/search/", {"q": "Jahresbericht"})
    assert found.status_code == 200


def test_pages_are_cut_between_paragraphs():
    text = long_text(100_000)
    pages = text_pages(text)
    assert "".join(text[start:end] for start, end in pages) == text
    assert all(end - start <= PAGE_CHARACTERS for start, end in pages)
    assert all(text[start - 2 : start] == "\n\n" for start, _end in pages[1:])


def test_the_reading_view_opens_a_long_text_a_page_at_a_time(admin_client, long_report):
    url = reverse("admin:sources_source_read", args=[long_report.pk])
    started = time.perf_counter()
    response = admin_client.get(url, {"page": 3})
    took = time.perf_counter() - started
    assert response.status_code == 200
    assert len(response.content) < 400_000
    pages = text_pages(long_report.text)
    start, end = pages[2]
    # "5. Januar 2022" begins each paragraph: the page's first is marked, the next page's not.
    assert f'id="figure-{start + 3}"' in response.content.decode()
    assert f'id="figure-{pages[3][0] + 3}"' not in response.content.decode()
    assert f"{url}?page={len(pages)}" in response.content.decode()
    assert took < 5  # about 0.3 s measured; generous for a busy machine


def test_a_claim_from_a_later_page_takes_its_passage_from_that_page(admin_client, long_report):
    pages = text_pages(long_report.text)
    start, _end = pages[4]
    figure = long_report.text.index("mindestens 225", start)
    url = reverse("admin:sources_source_read_claim", args=[long_report.pk])
    response = admin_client.get(
        url, {"page": 5, "start": figure - start, "end": figure - start + 14, "at": figure - start}
    )
    assert response.status_code == 302
    assert "quote=mindestens+225" in response["Location"]
    assert "value_min=225" in response["Location"]


def test_links_to_a_quote_land_on_its_page(client, admin_client, late_claim):
    source = late_claim.source
    last = len(text_pages(source.text))
    response = client.get(source.get_absolute_url(), {"quote": late_claim.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{source.get_absolute_url()}?page={last}#quote-{late_claim.pk}"
    page = client.get(source.get_absolute_url(), {"page": last}).content.decode()
    assert f'id="quote-{late_claim.pk}"' in page
    first = client.get(source.get_absolute_url()).content.decode()
    assert f'href="?page={last}#quote-{late_claim.pk}"' in first
    reading = admin_client.get(reverse("admin:sources_source_read", args=[source.pk]))
    assert f"?page={last}#quote-{late_claim.pk}" in reading.content.decode()


def test_the_source_page_shows_one_page(client, long_report):
    response = client.get(long_report.get_absolute_url(), {"page": 2})
    assert response.status_code == 200
    assert len(response.content) < 200_000
    assert client.get(long_report.get_absolute_url(), {"page": "x"}).status_code == 400


def test_a_text_over_the_limit_is_refused_in_the_editors_words(admin_client, settings):
    settings.SOURCE_TEXT_MAX_BYTES = 1000
    response = admin_client.post(
        reverse("admin:sources_source_add"),
        {
            "title": "Zu lang",
            "slug": "zu-lang",
            "kind": "analysis",
            "language": "de",
            "text": "ä" * 600,
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["text"]
    assert "1.2 MB" not in errors[0] and "at most 0.0 MB" in errors[0]
    assert not Source.objects.exists()


def test_a_form_over_djangos_limit_gets_the_limit_named(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = admin_client.post(
        reverse("admin:sources_source_add"), {"title": "x", "text": "a" * 20_000}
    )
    assert response.status_code == 400
    assert "A source&#x27;s text may have at most" in response.content.decode()


def test_an_edit_that_loses_a_quote_is_refused_naming_the_claim(admin_client, claim_164):
    source = claim_164.source
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = opened_form(admin_client.get(url))
    # the source is published: a change to its text is a correction, with its reason
    data["correction_reason"] = "A paragraph added to the report."
    data["text"] = "Nach Angaben der Regierung starben viele Menschen."
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["text"]
    [error] = response.context["adminform"].form.errors["text"]
    assert f"claim {claim_164.pk}" in error
    source.refresh_from_db()
    assert "164" in source.text
    # Keeping the quoted passage is fine.
    data["text"] = source.text + "\n\nEin Nachtrag."
    assert admin_client.post(url, data).status_code == 302


def test_an_import_that_loses_a_quote_is_refused(claim_164):
    from claims.resources import SourceWithQuotesResource
    from tests.test_import import import_with, invalid_rows

    result = import_with(
        SourceWithQuotesResource(),
        "slug,title,kind,language,text\n"
        "unruhen-in-kasachstan,Unruhen in Kasachstan,news_report,de,Ein anderer Text\n",
    )
    [errors] = invalid_rows(result).values()
    assert f"claim {claim_164.pk}" in errors["text"][0]
    assert "164" in Source.objects.get(pk=claim_164.source_id).text


def test_a_revert_that_loses_a_quote_is_refused(admin_client, report_164, death_toll, government):
    old = report_164.history.earliest()
    report_164.text += " Später hieß es, 238 Menschen seien gestorben."
    report_164.version += 1
    report_164.save()
    claim = Claim.objects.create(
        status="published",
        question=death_toll,
        source=report_164,
        actor=government,
        quote="238 Menschen seien gestorben",
        stated_value="238",
        bound="exact",
        value=238,
        value_min=238,
        value_max=238,
    )
    url = reverse("admin:sources_source_simple_history", args=[report_164.pk, old.history_id])
    data = opened_form(admin_client.get(url))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert f"claim {claim.pk}" in response.context["adminform"].form.errors["text"][0]
