import datetime
from decimal import Decimal

import pytest

from claims.analysis import format_figure
from claims.models import Claim, Measure, Question
from sources.models import Actor, Source

pytestmark = pytest.mark.django_db


def add_claim(question, source, stated, bound, value, **fields):
    claim = Claim(
        status="published",
        question=question,
        source=source,
        stated_value=stated,
        bound=bound,
        value=Decimal(value),
        quote=stated,
        **fields,
    )
    claim.fill_bounds()
    claim.save()
    return claim


@pytest.fixture
def arrests(unrest):
    return Question.objects.create(
        status="published",
        event=unrest,
        slug="unrest-arrests",
        text_en="How many people were arrested?",
        text_de="Wie viele Menschen wurden festgenommen?",
        value_type="count",
        unit="people",
    )


@pytest.fixture
def three_reports():
    return [
        Source.objects.create(
            status="published",
            text_public=True,
            title=f"Bericht {day}",
            slug=f"bericht-{day}",
            kind="news_report",
            text="Text",
            published_on=datetime.date(2022, 1, day),
            published_precision="day",
        )
        for day in (6, 10, 16)
    ]


def test_death_toll_differs_as_a_count_that_grew(death_toll, claim_164, claim_225):
    analysis = death_toll.analyse()
    assert analysis.status == Question.Agreement.OVER_TIME
    assert [len(group.claims) for group in analysis.groups] == [1, 1]
    assert "from 164" in analysis.explanation


def test_a_falling_count_is_a_real_conflict(death_toll, claim_164, claim_225):
    claim_164.as_of = datetime.date(2022, 12, 1)
    claim_164.as_of_precision = "day"
    claim_164.save()
    assert death_toll.analyse().status == Question.Agreement.CONFLICT


def test_arrests_growing_over_the_days(arrests, three_reports):
    add_claim(arrests, three_reports[0], "etwa 2.000", "approximate", 2000)
    add_claim(arrests, three_reports[1], "fast 8000", "almost", 8000)
    add_claim(arrests, three_reports[2], "fast 10.000", "almost", 10000)
    analysis = arrests.analyse()
    assert analysis.status == Question.Agreement.OVER_TIME
    assert analysis.summary == "2\u202f000 – 10\u202f000"


def test_overlapping_answers_agree(arrests, three_reports):
    add_claim(arrests, three_reports[0], "mindestens 7.000", "at_least", 7000)
    add_claim(arrests, three_reports[1], "fast 8000", "almost", 8000)
    assert arrests.analyse().status == Question.Agreement.AGREE


def test_different_measures_explain_a_difference(arrests, three_reports):
    civilians = Measure.objects.create(question=arrests, slug="civilians", name="civilians")
    everyone = Measure.objects.create(question=arrests, slug="everyone", name="everyone")
    add_claim(arrests, three_reports[0], "164", "exact", 164, measure=civilians)
    add_claim(arrests, three_reports[1], "225", "exact", 225, measure=everyone)
    analysis = arrests.analyse()
    assert analysis.status == Question.Agreement.DEFINITION
    assert "“164” (civilians)" in analysis.explanation


def test_a_different_free_text_scope_alone_explains_nothing(arrests, three_reports):
    # the later report gives the lower figure, so no growing count explains it either
    add_claim(arrests, three_reports[2], "164", "exact", 164, scope="civilians only")
    add_claim(arrests, three_reports[0], "225", "exact", 225, scope="all deaths")
    assert arrests.analyse().status == Question.Agreement.CONFLICT


def test_years_never_grow_over_time(unrest, three_reports):
    founding = Question.objects.create(
        status="published",
        event=unrest,
        slug="founding",
        text_en="?",
        text_de="?",
        value_type="year",
    )
    add_claim(founding, three_reports[0], "1992", "exact", 1992)
    add_claim(founding, three_reports[2], "2002", "exact", 2002)
    analysis = founding.analyse()
    assert analysis.status == Question.Agreement.CONFLICT
    assert analysis.summary == "1992 – 2002"


def test_place_names_that_differ_only_in_spelling(unrest, three_reports):
    zhanaozen = Actor.objects.create(kind="place", name="Zhanaozen", slug="zhanaozen")
    where = Question.objects.create(
        status="published",
        event=unrest,
        slug="where",
        text_en="Where?",
        text_de="Wo?",
        value_type="place",
    )
    for source, spelling in zip(three_reports, ["Schangaösen", "Zanauzin"], strict=False):
        Claim.objects.create(
            status="published",
            question=where,
            source=source,
            stated_value=spelling,
            place=zhanaozen,
            quote=spelling,
        )
    analysis = where.analyse()
    assert analysis.status == Question.Agreement.SPELLING
    assert "Schangaösen, Zanauzin" in analysis.explanation


def test_dates_of_different_precision_agree_when_one_contains_the_other(unrest, three_reports):
    founding = Question.objects.create(
        status="published",
        event=unrest,
        slug="founded",
        text_en="When?",
        text_de="Wann?",
        value_type="date",
    )
    for source, day, precision in [
        (three_reports[0], datetime.date(2002, 1, 1), "year"),
        (three_reports[1], datetime.date(2002, 10, 7), "day"),
    ]:
        Claim.objects.create(
            status="published",
            question=founding,
            source=source,
            stated_value=str(day),
            date_value=day,
            date_precision=precision,
            quote="x",
        )
    assert founding.analyse().status == Question.Agreement.AGREE
    Claim.objects.create(
        status="published",
        question=founding,
        source=three_reports[2],
        stated_value="1992",
        date_value=datetime.date(1992, 1, 1),
        date_precision="year",
        quote="x",
    )
    assert founding.analyse().status == Question.Agreement.CONFLICT


def test_refresh_analysis_stores_what_the_index_shows(death_toll, claim_164, claim_225):
    assert Question.objects.filter(pk=death_toll.pk).refresh_analysis() == 1
    death_toll.refresh_from_db()
    assert death_toll.agreement == Question.Agreement.OVER_TIME
    assert death_toll.source_count == 2
    assert death_toll.answer_summary == "164 – 225+"


@pytest.mark.parametrize(
    "value, grouped, text",
    [
        (Decimal("2000.0000"), True, "2\u202f000"),
        (Decimal("1992"), False, "1992"),
        (21.5, True, "21.5"),
    ],
)
def test_figures_are_formatted_without_invented_digits(value, grouped, text):
    assert format_figure(value, grouped) == text


def test_one_voice_listing_several_answers_is_not_a_conflict(arrests, three_reports):
    add_claim(arrests, three_reports[0], "164", "exact", 164)
    add_claim(arrests, three_reports[0], "225", "exact", 225)
    assert arrests.analyse().status == Question.Agreement.SINGLE


def test_free_text_accounts_are_not_judged_automatically(unrest, three_reports):
    trigger = Question.objects.create(
        status="published",
        event=unrest,
        slug="trigger",
        text_en="Why?",
        text_de="Warum?",
        value_type="text",
    )
    for source, account in zip(three_reports, ["Gas prices", "Foreign agents"], strict=False):
        Claim.objects.create(
            status="published",
            question=trigger,
            source=source,
            stated_value=account,
            text_value=account,
            quote="x",
        )
    assert trigger.analyse().status == Question.Agreement.ACCOUNTS


@pytest.mark.parametrize("questions", [1, 2, 12])
def test_refreshing_many_questions_runs_a_fixed_number_of_queries(
    django_assert_num_queries, unrest, three_reports, questions
):
    for number in range(questions):
        question = Question.objects.create(
            status="published",
            event=unrest,
            slug=f"question-{number}",
            text_en="?",
            text_de="?",
            value_type="count",
        )
        for source in three_reports:
            add_claim(question, source, f"etwa {number}.000", "approximate", number * 1000)
    # the questions with their verdicts; the claims' relations; the claims with what
    # the analysis reads; the update of the stored analysis; the pages that show them
    # renewed (pages.changes.changed)
    with django_assert_num_queries(5):
        assert Question.objects.all().refresh_analysis() == questions


def test_refreshing_one_question_reads_its_claims_as_rows(
    django_assert_num_queries, death_toll, claim_164, claim_225
):
    # its claims' relations; its claims; its verdict; the update of the stored analysis
    # and the historical record its save() writes; the pages that show it renewed
    with django_assert_num_queries(6):
        death_toll.refresh_analysis()
    assert death_toll.answer_summary == "164 – 225+"


def test_refreshing_many_questions_stores_each_its_own_analysis(
    death_toll, claim_164, claim_225, arrests, three_reports
):
    add_claim(arrests, three_reports[0], "etwa 2.000", "approximate", 2000)
    Question.objects.update(
        agreement="unanswered", automatic_agreement="unanswered", source_count=0,
        answer_summary="stale", answer_summary_de="veraltet",
    )  # fmt: skip
    changed_at = {q.pk: q.updated_at for q in Question.objects.all()}
    assert Question.objects.all().refresh_analysis() == 2
    death_toll.refresh_from_db()
    arrests.refresh_from_db()
    assert (death_toll.agreement, death_toll.automatic_agreement) == ("over_time", "over_time")
    assert (death_toll.source_count, death_toll.answer_summary) == (2, "164 – 225+")
    assert death_toll.answer_summary_de != "veraltet"
    assert (arrests.agreement, arrests.source_count) == ("single", 1)
    assert "2" in arrests.answer_summary and arrests.answer_summary_de != "veraltet"
    # As before: a refresh is no editor's change.
    assert {q.pk: q.updated_at for q in Question.objects.all()} == changed_at
