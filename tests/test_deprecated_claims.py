"""A deprecated claim is shown with the others, but is no voice in the agreement."""

import datetime
from decimal import Decimal

import pytest

from claims import analysis
from claims.analysis import Answer, Relation, analyse
from claims.models import Claim, ClaimRelation, Question
from sources.models import Source

from .test_large_question_page import add_answers


def figure(pk, stated, value, source, rank="normal", **fields) -> Answer:
    value = Decimal(value)
    return Answer(
        id=pk,
        source_id=source,
        who=f"Source {source}",
        stated_value=stated,
        bound="exact",
        value=value,
        value_min=value,
        value_max=value,
        quote=f"{stated} Soldaten",
        rank=rank,
        **fields,
    )


# The rules, on plain answers.


def test_a_conflict_only_a_deprecated_answer_makes_disappears():
    answers = [figure(1, "2500", 2500, 1), figure(2, "2500", 2500, 2)]
    slip = figure(3, "25000", 25000, 3, rank="deprecated")
    assert analyse("count", [*answers, slip]).status == analysis.AGREE
    slip.rank = "normal"
    assert analyse("count", [*answers, slip]).status == analysis.CONFLICT


def test_a_deprecated_answer_is_shown_but_not_counted():
    result = analyse(
        "count", [figure(1, "2500", 2500, 1), figure(2, "25000", 25000, 2, rank="deprecated")]
    )
    assert result.status == analysis.SINGLE
    assert result.source_count == 1
    assert result.summary == "2\u202f500"
    assert [answer.id for answer in result.answers] == [1, 2]
    assert [answer.id for answer in result.counted] == [1]
    # shown in a group of its own, after the counted answers, which counts no source
    assert [[a.id for a in group.answers] for group in result.groups] == [[1], [2]]
    assert [group.sources for group in result.groups] == [1, 0]
    assert (
        "Shown but not compared, as the editors deprecate them: Source 2: “25000”."
        in result.explanation
    )


def test_the_editors_contradiction_with_a_deprecated_answer_makes_no_conflict():
    marked = figure(1, "2500", 2500, 1, relations=(Relation(analysis.CONTRADICTS, 2),))
    deprecated = figure(2, "2500", 2500, 2, rank="deprecated")
    assert analyse("count", [marked, deprecated]).status == analysis.SINGLE


def test_a_question_whose_every_answer_is_deprecated_has_none_counted():
    result = analyse("count", [figure(1, "2500", 2500, 1, rank="deprecated")])
    assert result.status == analysis.UNANSWERED
    assert result.source_count == 0 and result.summary == ""
    assert "The editors deprecate every answer, so none is compared" in result.explanation
    assert len(result.groups) == 1


# The stored analysis and the pages, on the database.

pytestmark = pytest.mark.django_db


@pytest.fixture
def troops(unrest, report_164, report_225):
    """Two reports of the troops' strength that cannot both be true, of the same day."""
    question = Question.objects.create(
        status="published",
        event=unrest,
        slug="csto-troop-strength",
        text_en="How many CSTO troops were deployed?",
        value_type=Question.ValueType.COUNT,
    )
    for source, figure_ in [(report_164, 30), (report_225, 40)]:
        Claim.objects.create(
            status="published",
            question=question,
            source=source,
            stated_value=f"{figure_} Soldaten",
            bound="exact",
            value=Decimal(figure_),
            value_min=Decimal(figure_),
            value_max=Decimal(figure_),
            as_of=datetime.date(2022, 1, 10),
            as_of_precision="day",
            quote=f"{figure_} Soldaten",
        )
    question.refresh_analysis()
    return question


def deprecate(claim: Claim):
    claim.rank, claim.rank_reason = Claim.Rank.DEPRECATED, "A slip: the figure is 30."
    claim.save()
    claim.question.refresh_analysis()


def test_deprecating_the_claim_that_makes_the_conflict_ends_it(client, troops):
    assert troops.automatic_agreement == "conflict"
    deprecate(troops.claims.get(value=40))
    troops.refresh_from_db()
    assert (troops.agreement, troops.automatic_agreement) == ("single", "single")
    assert (troops.source_count, troops.answer_summary, troops.answer_summary_de) == (1, "30", "30")
    page = client.get(troops.get_absolute_url()).content.decode()
    assert "40 Soldaten" in page and "30 Soldaten" in page  # shown, both
    assert "Deprecated" in page and "deprecated, not compared" in page
    assert "truly conflict" not in page
    assert "Shown but not compared, as the editors deprecate them" in page
    assert "1 source<" in page


def test_the_index_counts_no_deprecated_source(client, troops):
    deprecate(troops.claims.get(value=40))
    Question.objects.all().refresh_analysis()  # the path of imports and analyse_questions
    troops.refresh_from_db()
    assert (troops.automatic_agreement, troops.source_count) == ("single", 1)


def test_a_large_question_does_not_count_a_deprecated_answer(client, death_toll):
    add_answers(death_toll, 30)  # a running count, 0 to 29, one source each
    falling = Source.objects.create(status="published",text_public=True, 
        title="Late report", slug="late", kind="news_report", text="5,5 Tote.",
        published_on=datetime.date(2023, 1, 1), published_precision="day",
    )  # fmt: skip
    slip = Claim.objects.create(status="published", 
        question=death_toll, source=falling, stated_value="5,5", quote="5,5 Tote",
        bound="exact", value=Decimal("5.5"), value_min=Decimal("5.5"), value_max=Decimal("5.5"),
        rank="deprecated", rank_reason="Misread.",
    )  # fmt: skip
    death_toll.refresh_analysis()
    death_toll.refresh_from_db()
    assert (death_toll.automatic_agreement, death_toll.source_count) == ("over_time", 30)
    first = client.get(death_toll.get_absolute_url()).content.decode()
    assert "31 answers from 30 sources" in first
    assert "truly conflict" not in first
    last = client.get(death_toll.get_absolute_url(), {"page": 2}).content.decode()
    assert f'id="row-{slip.pk}"' in last


def test_a_relation_to_a_deprecated_claim_makes_no_conflict(troops):
    thirty, forty = troops.claims.get(value=30), troops.claims.get(value=40)
    forty.value = forty.value_min = forty.value_max = Decimal(30)
    forty.save()
    ClaimRelation.objects.create(claim=thirty, other=forty, kind="contradicts")
    troops.refresh_analysis()
    assert troops.automatic_agreement == "conflict"
    deprecate(forty)
    troops.refresh_from_db()
    assert troops.automatic_agreement == "single"
