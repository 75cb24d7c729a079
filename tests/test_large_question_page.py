"""A question with more answers than one page shows: judged on all, shown a page at a time."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from claims.answer_pages import ANSWERS_PER_PAGE
from claims.models import Claim
from pages import kept as kept_pages
from sources.models import Source

pytestmark = pytest.mark.django_db

URL = "/questions/unrest-death-toll/"
PER_PAGE = ANSWERS_PER_PAGE
ANSWERS = 2 * PER_PAGE + 20  # three pages: two full, one of 20


def add_answers(question, count: int, start: int = 0) -> None:
    """`count` reports of the death toll, each its own source's, the figures climbing."""
    sources = Source.objects.bulk_create(
        Source(
            status="published",
            text_public=True,
            title=f"Report {number}",
            slug=f"report-{number}",
            kind="news_report",
            text=f"Bisher {number} Tote.",
            published_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=number % 300),
            published_precision="day",
        )
        for number in range(start, start + count)
    )
    Claim.objects.bulk_create(
        Claim(
            status="published",
            question=question,
            source=source,
            stated_value=str(number),
            quote=f"{number} Tote",
            bound="exact",
            value=Decimal(number),
            value_min=Decimal(number),
            value_max=Decimal(number),
        )
        for number, source in enumerate(sources, start)
    )
    question.refresh_analysis()


@pytest.fixture(autouse=True)
def fresh_pages():
    # Each test renders its pages anew, however the cache was left.
    cache.clear()
    kept_pages.kept.clear()


def test_a_large_question_shows_its_first_answers_and_counts_them_all(client, death_toll):
    add_answers(death_toll, ANSWERS)
    page = client.get(URL).content.decode()
    assert f"Answers 1–{PER_PAGE} of {ANSWERS} (page 1 of 3)" in page
    assert f"{ANSWERS} answers from {ANSWERS} sources" in page
    assert page.count('class="answer-row') == PER_PAGE
    assert '<a rel="next" href="?page=2">' in page
    assert f"they only grow, as a running count does, from 0 to {ANSWERS - 1}" in page
    assert ">0</a>" in page and f">{ANSWERS - 1}</a>" not in page


def test_an_answer_on_the_last_page_changes_the_verdict_on_the_first(client, death_toll):
    add_answers(death_toll, ANSWERS)
    falling = Source.objects.create(status="published",text_public=True, 
        title="Late report", slug="late", kind="news_report", text="5,5 Tote.",
        published_on=datetime.date(2023, 1, 1), published_precision="day",
    )  # fmt: skip
    Claim.objects.create(status="published", 
        question=death_toll, source=falling, stated_value="5,5", quote="5,5 Tote",
        bound="exact", value=Decimal("5.5"), value_min=Decimal("5.5"), value_max=Decimal("5.5"),
    )  # fmt: skip
    death_toll.refresh_analysis()
    assert "truly conflict" in client.get(URL).content.decode()
    assert ">5,5</a>" in client.get(URL, {"page": 3}).content.decode()


def test_page_two_shows_the_next_answers(client, death_toll):
    add_answers(death_toll, ANSWERS)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    last = client.get(URL, {"page": 3}).content.decode()
    assert f"Answers {PER_PAGE + 1}–{2 * PER_PAGE} of {ANSWERS} (page 2 of 3)" in second
    assert f"Answers {2 * PER_PAGE + 1}–{ANSWERS} of {ANSWERS} (page 3 of 3)" in last
    rows = [page.count('class="answer-row') for page in (first, second, last)]
    assert rows == [PER_PAGE, PER_PAGE, 20]
    # each answer's row on exactly one page, the lowest figures first
    for pk in death_toll.claims.values_list("pk", flat=True):
        assert sum(f'id="row-{pk}"' in page for page in (first, second, last)) == 1
    assert f">{PER_PAGE}</a>" in second and f">{PER_PAGE - 1}</a>" not in second
    assert f">{2 * PER_PAGE}</a>" not in second


@pytest.mark.parametrize("number", ["0", "4", "99999"])
def test_a_page_beyond_the_answers_is_not_found(client, death_toll, number):
    add_answers(death_toll, ANSWERS)
    client.get(URL)  # page 1 kept, or not: the answer is the same
    assert client.get(URL, {"page": number}).status_code == 404
    kept_pages.kept.clear()
    cache.clear()
    assert client.get(URL, {"page": number}).status_code == 404


@pytest.mark.parametrize("number", ["two", "-1", "1.5", "", "1" * 20])
def test_a_page_number_that_is_no_number_is_a_bad_request(client, death_toll, number):
    add_answers(death_toll, PER_PAGE + 10)
    response = client.get(URL, {"page": number})
    assert response.status_code == 400
    assert "The page number must be a whole number" in response.content.decode()


def test_a_small_question_has_one_page(client, death_toll, claim_164, claim_225):
    page = client.get(URL).content.decode()
    assert "Answers 1–" not in page and "All the answers" not in page
    assert client.get(URL, {"page": 2}).status_code == 404


@pytest.mark.parametrize("answers", [PER_PAGE + 10, 10 * PER_PAGE])
def test_a_large_page_reads_the_same_queries_however_many_answers(
    client, django_assert_num_queries, death_toll, answers
):
    add_answers(death_toll, answers)
    # Expect 6 queries, whatever the number of answers:
    # * the question with its event, its editors' verdict and the number of its claims
    # * all its claims' relations, and all its claims as rows, for the analysis
    # * all its claims' ids, in the order the page shows them
    # * the page's claims with their sources, outlets, actors, places and measures
    # * their relations
    # * the versions of what it shows (pages/kept.py), read once it is built
    with django_assert_num_queries(7):
        response = client.get(URL, {"page": 2})
    assert response.status_code == 200
