"""Disputes first: the index's order, the disputed filter, the front page's panel."""

import re

import pytest
from django.db import connection
from django.utils.html import escape

from claims.disputes import DISPUTE_ORDER, DISPUTED
from claims.models import Question

pytestmark = pytest.mark.django_db

ROW = re.compile(
    r'<tr>\s*<td data-label="Question"><a href="/questions/(?P<slug>[\w-]+)/">.*?'
    r'class="num">(?P<sources>\d+)</td>.*?badge badge-(?P<badge>\w+)',
    re.S,
)


@pytest.fixture
def demo(demo_for_module):
    """The demo dossier: every test of this module reads it, so it is loaded once."""


def index_rows(client, query: str = "") -> list[tuple[str, int, str]]:
    """(slug, sources, badge) of every question the index lists, on all its pages."""
    rows, number = [], 1
    while True:
        response = client.get(f"/?{query}&page={number}")
        assert response.status_code == 200
        page = response.content.decode()
        table = page[page.index('<table class="questions">') :]
        rows += [(m["slug"], int(m["sources"]), m["badge"]) for m in ROW.finditer(table)]
        if 'rel="next"' not in page:
            return rows
        number += 1


def meaning(badge: str) -> int:
    return DISPUTE_ORDER.index(badge)


def test_the_demos_index_lists_disputes_first_then_the_most_voices(client, demo):
    rows = index_rows(client)
    assert len(rows) == Question.objects.count()
    keys = [(meaning(badge), -sources, slug) for slug, sources, badge in rows]
    assert keys == sorted(keys)
    badges = list(dict.fromkeys(badge for _slug, _sources, badge in rows))
    # the demo's real conflicts open the index, then the other disputes
    assert badges[0] == "conflict"
    assert [badge for badge in badges if badge in DISPUTED] == badges[
        : len(set(badges) & set(DISPUTED))
    ]
    assert badges[-1] in ("single", "unanswered")


def test_the_death_toll_is_on_the_index_first_page(client, demo):
    page = client.get("/").content.decode()
    table = page[page.index('<table class="questions">') :]
    assert "/questions/unrest-death-toll/" in table
    assert "How many people died in the January 2022 unrest?" in table


def test_sorting_by_agreement_sorts_by_meaning_both_ways(client, demo):
    default = index_rows(client)
    assert index_rows(client, "sort=agreement") == default
    reversed_rows = index_rows(client, "sort=-agreement")
    assert reversed_rows == default[::-1]
    assert reversed_rows[-1][2] == "conflict"


def test_disputed_only_lists_the_questions_whose_voices_disagree(client, demo):
    rows = index_rows(client, "disputed=1")
    assert {badge for _slug, _sources, badge in rows} <= set(DISPUTED)
    assert len(rows) == Question.objects.filter(agreement__in=DISPUTED).count() > 10
    assert "unrest-death-toll" in [slug for slug, _sources, _badge in rows]


@pytest.mark.parametrize("value", ["yes", "0", "2"])
def test_a_disputed_value_other_than_1_is_a_bad_request(client, demo, value):
    response = client.get(f"/?disputed={value}")
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


def test_the_front_page_shows_each_events_most_disputed_questions(client, demo):
    page = client.get("/").content.decode()
    panel = page[page.index('<section class="disputes"') : page.index("</section>")]
    # the panel comes before the filters and the list
    assert page.index('<section class="disputes"') < page.index('<form class="filters"')
    for event in {q.event for q in Question.objects.disputed().select_related("event")}:
        top = event.questions.disputed().disputes_first()[:3]
        assert escape(event.name) in panel
        for question in top:
            assert f'href="{question.get_absolute_url()}"' in panel
    badges = re.findall(r"badge badge-(\w+)", panel)
    assert badges and set(badges) <= set(DISPUTED)
    # a filtered index has no panel
    assert '<section class="disputes"' not in client.get("/?disputed=1").content.decode()


def test_the_front_page_runs_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    # count, page, the panel's question ids per event, those questions with their events,
    # the page's versions
    with django_assert_num_queries(5):
        client.get("/")


def test_the_disputes_order_reads_its_index(demo):
    """The ordering expression is the indexed one, so the database can read the index."""
    queryset = Question.objects.disputes_first()[:25]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")  # a demo-sized table is scanned
            plan = queryset.explain()
            cursor.execute("SET enable_seqscan = on")
    else:
        plan = queryset.explain()
    assert "claims_question_disputes_first" in plan
    reverse = Question.objects.disputes_first(reverse=True)[:25]
    if connection.vendor == "sqlite":
        assert "claims_question_disputes_first" in reverse.explain()
