"""The rules of the agreement analysis, on plain answers: no database needed."""

import datetime
from decimal import Decimal
from itertools import count

import pytest

from claims import analysis
from claims.analysis import Answer, Relation, analyse
from claims.models import ClaimRelation, Question

ids = count(1)


def number(stated, value, bound="exact", source=1, **fields) -> Answer:
    value = Decimal(value)
    low = value if bound in ("exact", "approximate", "at_least", "more_than") else None
    high = value if bound in ("exact", "approximate", "at_most", "less_than", "almost") else None
    return Answer(
        id=fields.pop("id", None) or next(ids),
        source_id=source,
        who=fields.pop("who", f"Source {source}"),
        stated_value=stated,
        bound=bound,
        value=value,
        value_min=low,
        value_max=high,
        quote=fields.pop("quote", f"{stated} ({next(ids)})"),
        **fields,
    )


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_the_analysis_speaks_the_models_vocabulary():
    assert analysis.NUMERIC_TYPES == set(Question.NUMERIC_TYPES)
    statuses = {
        analysis.UNANSWERED,
        analysis.SINGLE,
        analysis.AGREE,
        analysis.SPELLING,
        analysis.OVER_TIME,
        analysis.DEFINITION,
        analysis.ACCOUNTS,
        analysis.CONFLICT,
    }
    assert statuses <= set(Question.Agreement.values)
    kinds = {analysis.REVISES, analysis.REPEATS, analysis.CONTRADICTS, analysis.MEASURES_ELSE}
    assert kinds == set(ClaimRelation.Kind.values)


def test_the_analysis_imports_no_models():
    with open(analysis.__file__, encoding="utf-8") as module:
        imports = [line for line in module if line.startswith(("import ", "from "))]
    assert imports and not any("models" in line for line in imports)


def place(stated, place_id, name, source=1, quote=None, who=None) -> Answer:
    return Answer(
        id=next(ids),
        source_id=source,
        who=who or f"Source {source}",
        stated_value=stated,
        place_id=place_id,
        place_name=name,
        quote=quote or f"{stated} {next(ids)}",
    )


def test_a_town_and_its_region_from_one_passage_are_no_conflict():
    passage = "Sie wurden von den Bewohnern der Städte Zanauzin und Aqtau initiiert"
    answers = [
        place("Zanauzin", 1, "Zhanaozen", quote=passage),
        place("Aqtau", 2, "Aktau", quote=passage),
        place("Schangaösen", 1, "Zhanaozen", source=2, who="Deutschlandfunk"),
    ]
    result = analyse("place", answers)
    assert result.status == analysis.AGREE
    assert "Deutschlandfunk: “Schangaösen”" in result.explanation


def test_one_source_naming_parts_of_one_whole_in_two_places_is_one_voice():
    answers = [
        place("Zhanaozen", 1, "Zhanaozen"),
        place("Mangystau", 3, "Mangystau"),
        place("Zhanaozen", 1, "Zhanaozen", source=2),
    ]
    assert analyse("place", answers).status == analysis.AGREE


def test_two_sources_naming_different_places_conflict():
    answers = [place("Zhanaozen", 1, "Zhanaozen"), place("Almaty", 4, "Almaty", source=2)]
    result = analyse("place", answers)
    assert result.status == analysis.CONFLICT
    assert "Source 1: “Zhanaozen”" in result.explanation
    assert "Source 2: “Almaty”" in result.explanation


def test_two_figures_from_one_passage_never_conflict():
    passage = "164 Zivilisten und 16 Sicherheitskräfte"
    answers = [
        number("164", 164, quote=passage, actor_id=1),
        number("16", 16, quote="16 Sicherheitskräfte", actor_id=2),
    ]
    assert analyse("count", answers).status == analysis.SINGLE


def test_a_derived_year_with_its_tolerance_agrees_with_the_exact_year():
    independence = number("1991", 1991, who="Tengrinews")
    thirty_years_ago = number("vor 30 Jahren", 1992, source=2, who="DWN")
    assert analyse("year", [independence, thirty_years_ago]).status == analysis.CONFLICT
    thirty_years_ago.tolerance = Decimal(1)
    result = analyse("year", [independence, thirty_years_ago])
    assert result.status == analysis.AGREE
    assert (
        "Tengrinews: “1991”" in result.explanation and "DWN: “vor 30 Jahren”" in result.explanation
    )


def test_an_explicit_tolerance_replaces_the_tenth_read_into_approximate_figures():
    about = number("etwa 2.000", 2000, bound="approximate")
    exact = number("2150", 2150, source=2)
    assert analyse("count", [about, exact]).status == analysis.AGREE  # within a tenth
    about.tolerance = Decimal(100)
    assert analyse("count", [about, exact]).status == analysis.CONFLICT


def date_answer(stated, when, precision="day", source=1, tolerance=None) -> Answer:
    return Answer(
        id=next(ids),
        source_id=source,
        who=f"Source {source}",
        stated_value=stated,
        date_value=day(when),
        date_precision=precision,
        tolerance=None if tolerance is None else Decimal(tolerance),
        quote=stated,
    )


def test_a_date_with_a_tolerance_in_days_agrees_with_a_nearby_date():
    end_of_june = date_answer("Ende Juni", "2022-06-30", tolerance=5)
    first_of_july = date_answer("1. Juli", "2022-07-01", source=2)
    mid_june = date_answer("15. Juni", "2022-06-15", source=3)
    assert analyse("date", [end_of_june, first_of_july]).status == analysis.AGREE
    assert analyse("date", [end_of_june, mid_june]).status == analysis.CONFLICT


def test_a_rough_year_reads_in_years_and_a_date_in_days():
    thirty_years_ago = date_answer("vor 30 Jahren", "1992-01-01", "year", tolerance=365)
    end_of_june = date_answer("Ende Juni", "2022-06-30", tolerance=5)
    assert analysis.answer_label(thirty_years_ago, "date").endswith("± 1 year")
    assert analysis.answer_label(end_of_june, "date").endswith("± 5 days")


def test_a_year_contains_its_days_and_months():
    answers = [
        date_answer("2002", "2002-01-01", "year"),
        date_answer("Oktober 2002", "2002-10-01", "month", source=2),
        date_answer("7. Oktober 2002", "2002-10-07", source=3),
    ]
    assert analyse("date", answers).status == analysis.AGREE


def test_different_measures_differ_in_definition_and_say_what_each_measures():
    treaty = number("1992", 1992, measure="treaty", measure_name="the treaty")
    organisation = number(
        "2002", 2002, source=2, measure="organisation", measure_name="the organisation"
    )
    result = analyse("year", [treaty, organisation])
    assert result.status == analysis.DEFINITION
    assert "“1992” (the treaty)" in result.explanation
    assert "“2002” (the organisation)" in result.explanation


def test_free_text_scope_no_longer_explains_a_difference():
    # Only structured measures do: without them two years are a conflict.
    result = analyse("year", [number("1992", 1992), number("2002", 2002, source=2)])
    assert result.status == analysis.CONFLICT


def test_measures_something_else_explains_a_difference():
    a = number("1992", 1992)
    b = number("2002", 2002, source=2, relations=(Relation(analysis.MEASURES_ELSE, a.id),))
    assert analyse("year", [a, b]).status == analysis.DEFINITION


def test_a_revision_chain_is_no_conflict():
    first = number("164", 164, who="Health ministry")
    second = number("225", 225, source=2, relations=(Relation(analysis.REVISES, first.id),))
    third = number("238", 238, source=3, relations=(Relation(analysis.REVISES, second.id),))
    # without dates, only the editors' relations explain the difference
    result = analyse("count", [first, second, third])
    assert result.status == analysis.OVER_TIME
    assert "revise" in result.explanation and "Health ministry: “164”" in result.explanation
    assert analyse("count", [first, number("225", 225, source=2)]).status == analysis.CONFLICT


def test_repeats_are_one_voice():
    original = number("164", 164, who="Health ministry")
    rounded = number("rund 160", 160, source=2, who="Outlet citing the ministry")
    assert analyse("count", [original, rounded]).status == analysis.CONFLICT
    rounded.relations = (Relation(analysis.REPEATS, original.id),)
    # one statement reported twice is one voice: it does not dispute itself
    result = analyse("count", [original, rounded])
    assert result.status == analysis.AGREE
    assert "Health ministry: “164”" in result.explanation


def test_contradicts_forces_a_conflict():
    a = number("mindestens 200", 200, bound="at_least")
    b = number("225", 225, source=2, relations=(Relation(analysis.CONTRADICTS, a.id),))
    assert analyse("count", [a, b]).status == analysis.CONFLICT
    b.relations = ()
    assert analyse("count", [a, b]).status == analysis.AGREE


def test_a_growing_count_ordered_by_as_of_dates_says_so():
    early = number("164", 164, as_of=day("2022-01-10"), as_of_precision="day")
    late = number("225", 225, source=2, as_of=day("2022-01-15"), as_of_precision="day")
    result = analyse("count", [early, late])
    assert result.status == analysis.OVER_TIME
    assert "Ordered by the dates they held." in result.explanation
    assert "from 164 to 225" in result.explanation


def test_a_growing_count_ordered_by_publication_dates_says_so_in_words():
    early = number("164", 164, published_on=day("2022-01-10"), published_precision="day")
    late = number("225", 225, source=2, published_on=day("2022-08-06"))
    result = analyse("count", [early, late])
    assert result.status == analysis.OVER_TIME
    assert (
        "ordered by publication date: the sources give no as-of date" in result.explanation.lower()
    )
    assert "Source 1: “164”" in result.explanation


def test_a_mix_of_dates_names_the_sources_read_by_publication_date():
    early = number("164", 164, who="DWN", published_on=day("2022-01-10"))
    late = number("225", 225, source=2, as_of=day("2022-01-15"), as_of_precision="day")
    result = analyse("count", [early, late])
    assert result.status == analysis.OVER_TIME
    assert "by publication date where a source gives no as-of date (DWN)" in result.explanation


def test_a_count_that_falls_over_time_conflicts():
    early = number("225", 225, as_of=day("2022-01-10"), as_of_precision="day")
    late = number("164", 164, source=2, as_of=day("2022-01-15"), as_of_precision="day")
    assert analyse("count", [early, late]).status == analysis.CONFLICT


@pytest.mark.parametrize(
    "answers, status",
    [
        ([], analysis.UNANSWERED),
        ([number("164", 164)], analysis.SINGLE),
        ([number("164", 164), number("164", 164, source=2)], analysis.AGREE),
    ],
)
def test_simple_cases(answers, status):
    assert analyse("count", answers).status == status
