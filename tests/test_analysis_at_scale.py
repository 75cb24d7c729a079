"""The agreement analysis at any size: the same judgement as comparing every pair,
at a cost that grows about as n log n."""

import datetime
import sys
from decimal import Decimal

from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import analysis
from claims.analysis import Answer, Relation, analyse

from . import analysis_reference

TYPES = ["count", "year", "date", "place", "yes_no", "text"]
BOUNDS = ["exact", "approximate", "at_least", "at_most", "almost", "more_than", "range"]
# Some passages hold others, as one source's longer quote holds a shorter one.
QUOTES = ["", "164 Tote", "164 Tote und 16 Polizisten", "16 Polizisten", "Tote"]
DAYS = [None, *(datetime.date(2022, 1, day) for day in (2, 5, 9))]
KINDS = [analysis.REVISES, analysis.REPEATS, analysis.CONTRADICTS, analysis.MEASURES_ELSE]
RELATED = [0, 0, 0, 0, 1, 2]  # how many relations an answer has


@st.composite
def answers(draw) -> tuple[str, list[Answer]]:
    value_type = draw(st.sampled_from(TYPES))
    count = draw(st.integers(0, 9))
    # A running count: figures that mostly grow with the days they held.
    growing = value_type == "count" and draw(st.booleans())
    found = []
    for number in range(1, count + 1):
        source = draw(st.integers(1, 4))
        fields = {
            "id": number,
            "source_id": source,
            "who": f"Source {source}",
            "actor_id": draw(st.sampled_from([None, 1, 2])),
            "quote": draw(st.sampled_from(QUOTES)),
            "stated_value": f"answer {number}",
            "measure": draw(st.sampled_from(["", "", "", "civilians", "everyone"])),
            "as_of": draw(st.sampled_from(DAYS)),
            "published_on": draw(st.sampled_from(DAYS)),
        }
        if growing:
            day = draw(st.integers(1, 3))
            fields[draw(st.sampled_from(["as_of", "published_on"]))] = DAYS[day]
        fields["as_of_precision"] = "day" if fields["as_of"] else ""
        fields["measure_name"] = fields["measure"]
        if value_type in ("count", "year"):
            value = Decimal(draw(st.integers(0, 12)))
            if growing:
                value = Decimal(day * 5 + draw(st.integers(0, 3)))
            bound = draw(st.sampled_from(BOUNDS))
            low = value if bound in ("exact", "approximate", "at_least", "more_than") else None
            high = value if bound in ("exact", "approximate", "at_most", "almost") else None
            if bound == "range":
                low, high = value, value + draw(st.integers(0, 4))
            tolerance = draw(st.sampled_from([None, None, Decimal(1)]))
            fields |= {"value": value, "value_min": low, "value_max": high, "bound": bound}
            fields["tolerance"] = tolerance
        elif value_type == "date":
            fields["date_value"] = datetime.date(2002, draw(st.sampled_from([1, 10])), 1)
            fields["date_precision"] = draw(st.sampled_from(["year", "month", "day"]))
            fields["tolerance"] = draw(st.sampled_from([None, Decimal(5)]))
        elif value_type == "place":
            fields["place_id"] = draw(st.sampled_from([1, 2, 3]))
            fields["place_name"] = f"Place {fields['place_id']}"
        elif value_type == "yes_no":
            fields["boolean_value"] = draw(st.booleans())
        else:
            fields["text_value"] = draw(st.sampled_from(["Gas prices", "gas  prices", "Agents"]))
        found.append(Answer(**fields))
    for answer in found:
        # Most answers have no relation; contradicting pairs would decide every question.
        others = [draw(st.integers(1, count)) for _ in range(draw(st.sampled_from(RELATED)))]
        answer.relations = tuple(Relation(draw(st.sampled_from(KINDS)), other) for other in others)
    return value_type, found


def judgement(result) -> tuple:
    return (
        result.status,
        result.explanation,
        result.summary,
        result.source_count,
        [[answer.id for answer in group.answers] for group in result.groups],
    )


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers())
def test_the_analysis_judges_as_comparing_every_pair_does(question):
    value_type, given_answers = question
    with override("en"):
        expected = judgement(analysis_reference.analyse(value_type, given_answers))
        assert judgement(analyse(value_type, given_answers)) == expected


def running_count(size: int) -> list[Answer]:
    """A count reported by many sources over the days, with its revisions and repeats:
    every rule has work to do."""
    found = []
    for number in range(1, size + 1):
        value = Decimal(number * 3 % 1000 + number // 10)
        found.append(
            Answer(
                id=number,
                source_id=number // 3,
                who=f"Source {number // 3}",
                actor_id=number % 4,
                quote=f"{value} Tote laut Quelle {number}",
                stated_value=str(value),
                bound="approximate" if number % 5 == 0 else "exact",
                value=value,
                value_min=value,
                value_max=value,
                measure=["", "civilians", "everyone"][number % 3],
                published_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=number % 90),
                published_precision="day",
                relations=(Relation(analysis.REVISES, number - 1),) if number % 50 == 0 else (),
            )
        )
    return found


def calls_to_analyse(answers: list[Answer]) -> int:
    """How many Python and builtin functions the analysis calls: its operations."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    with override("en"):
        sys.setprofile(count)
        try:
            result = analyse("count", answers)
        finally:
            sys.setprofile(None)
        assert result.explanation
    return calls


def test_ten_times_the_answers_cost_about_ten_times_the_operations():
    small, large = calls_to_analyse(running_count(1_000)), calls_to_analyse(running_count(10_000))
    # n log n grows about 13 times from 1,000 to 10,000 answers; comparing every pair, 100.
    print(f"{small:,} calls for 1,000 answers, {large:,} for 10,000: {large / small:.1f} times")
    assert large / small < 20
