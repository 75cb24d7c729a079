"""Findable questions of the demo dossier: by their keywords, and every hit of a search."""

import re

import pytest

from claims.models import Question
from search.engine import RESULTS_PER_KIND, RESULTS_PER_PAGE

pytestmark = pytest.mark.django_db

DEATH_TOLL = "How many people died in the January 2022 unrest?"


@pytest.fixture
def demo(demo_for_module):
    """The demo dossier: every test of this module reads it, so it is loaded once."""


@pytest.mark.parametrize("words", ["death toll", "Todesopfer", "Tote", "fatalities", "getötet"])
def test_the_death_toll_is_found_by_its_keywords(client, demo, words):
    page = client.get("/search/", {"q": words}).content.decode()
    questions = page[page.index('id="results-questions"') : page.index('id="results-claims"')]
    assert DEATH_TOLL in questions
    index = client.get("/", {"q": words}).content.decode()
    assert DEATH_TOLL in index[index.index('<table class="questions">') :]


def test_every_disputed_demo_question_has_keywords_in_both_languages(demo):
    for question in Question.objects.disputed():
        assert question.keywords and question.keywords_de, question.slug


def test_search_pages_through_every_hit_of_a_kind(client, demo):
    overview = client.get("/search/", {"q": "Kasachstan"}).content.decode()
    total = int(
        re.search(r'id="results-claims">\s*<h2>Claims <span class="count">(\d+)', overview)[1]
    )
    assert total > RESULTS_PER_KIND
    assert 'href="?q=Kasachstan&amp;kind=claims"' in overview
    seen = []
    for number in range(1, -(-total // RESULTS_PER_PAGE) + 1):
        response = client.get("/search/", {"q": "Kasachstan", "kind": "claims", "page": number})
        assert response.status_code == 200
        page = response.content.decode()
        section = page[page.index('id="results-claims"') :]
        seen += re.findall(r'<a href="/claims/(\d+)/"><strong>', section)
    assert len(seen) == len(set(seen)) == total  # every hit once, none left out


@pytest.mark.parametrize(
    "query",
    [{"q": "Kasachstan", "kind": "everything"}, {"q": "Kasachstan", "kind": "claims", "page": "x"}],
)
def test_a_bad_kind_or_page_is_a_bad_request(client, demo, query):
    assert client.get("/search/", query).status_code == 400
