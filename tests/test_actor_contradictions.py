"""An actor contradicts itself only where two of its answers cannot both be true, by the
rules the comparison judges a question's answers by."""

import datetime
from decimal import Decimal

import pytest

from claims.models import Claim, Question
from sources.models import Actor

pytestmark = pytest.mark.django_db

URL = "/actors/kassym-jomart-tokayev/"


@pytest.fixture
def ask(unrest):
    def ask(value_type: str) -> Question:
        return Question.objects.create(
            status="published",
            event=unrest,
            slug="question",
            text_en="A question?",
            value_type=value_type,
        )

    return ask


@pytest.fixture
def says(tokayev, report_164, report_225):
    """Tokayev's answer in the first report, then in the second."""
    sources = iter([report_164, report_225])

    def says(question: Question, stated: str, **answer) -> Claim:
        return Claim.objects.create(
            status="published",
            question=question,
            source=next(sources),
            actor=tokayev,
            attribution="direct_quote",
            stated_value=stated,
            quote=stated,
            **answer,
        )

    return says


def exactly(figure: int) -> dict:
    value = Decimal(figure)
    return {"bound": "exact", "value": value, "value_min": value, "value_max": value}


def flagged(client) -> bool:
    page = client.get(URL).content.decode()
    assert ("Contradicts itself" in page) == ("contradict each other on 1 question" in page)
    return "Contradicts itself" in page


def test_two_figures_that_cannot_both_be_true_are_flagged(client, ask, says):
    question = ask("count")
    day = {"as_of": datetime.date(2022, 1, 10), "as_of_precision": "day"}
    says(question, "164", **exactly(164), **day)
    says(question, "225", **exactly(225), **day)
    assert flagged(client)


def test_overlapping_ranges_are_not_flagged(client, ask, says):
    question = ask("count")
    says(question, "zwischen 100 und 200", bound="range", value_min=100, value_max=200)
    says(question, "150", **exactly(150))
    assert not flagged(client)


def test_a_count_that_grew_between_its_as_of_dates_is_not_flagged(client, ask, says):
    question = ask("count")
    says(question, "164", **exactly(164), as_of=datetime.date(2022, 1, 10), as_of_precision="day")
    says(question, "225", **exactly(225), as_of=datetime.date(2022, 1, 15), as_of_precision="day")
    assert not flagged(client)


def test_a_figure_within_its_tolerance_is_not_flagged(client, ask, says):
    question = ask("year")
    says(question, "1991", **exactly(1991))
    says(question, "vor 30 Jahren", **exactly(1992), tolerance=Decimal(1))
    assert not flagged(client)


def test_free_text_worded_differently_is_not_flagged(client, ask, says):
    question = ask("text")
    says(question, "Terroristen", text_value="terrorists trained abroad")
    says(question, "Banditen", text_value="bandits and looters")
    assert not flagged(client)


def test_one_place_spelled_two_ways_is_not_flagged(client, ask, says):
    question = ask("place")
    zhanaozen = Actor.objects.create(kind="place", name="Zhanaozen", slug="zhanaozen")
    says(question, "Schangaösen", place=zhanaozen)
    says(question, "Zhanaozen", place=zhanaozen)
    assert not flagged(client)


def test_two_places_are_flagged(client, ask, says):
    question = ask("place")
    says(question, "Zhanaozen", place=Actor.objects.create(kind="place", name="Z", slug="z"))
    says(question, "Almaty", place=Actor.objects.create(kind="place", name="A", slug="a"))
    assert flagged(client)


def test_a_deprecated_answer_contradicts_nothing(client, ask, says):
    question = ask("yes_no")
    says(question, "Ja", boolean_value=True)
    says(question, "Nein", boolean_value=False, rank="deprecated", rank_reason="Misheard.")
    page = client.get(URL).content.decode()
    assert "Nein" in page  # shown
    assert not flagged(client)
