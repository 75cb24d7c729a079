"""The passage parser proposes the figure or date a wording states, in German and English."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.parsing import find_all, propose

PUBLISHED = datetime.date(2022, 1, 10)
D = Decimal

# (language, passage, stated wording, bound, value, lower, upper)
FIGURES = [
    ("de", "starben mindestens 225 Menschen", "mindestens 225", "at_least", D(225), D(225), None),
    ("de", "mehr als 2.000 Festnahmen", "mehr als 2.000", "more_than", D(2000), D(2000), None),
    ("de", "über 2.000 Menschen", "über 2.000", "more_than", D(2000), D(2000), None),
    ("de", "Fast 10.000 Personen", "Fast 10.000", "almost", D(10000), None, D(10000)),
    ("de", "knapp 200 Verletzte", "knapp 200", "almost", D(200), None, D(200)),
    ("de", "etwa 2.000 Soldaten", "etwa 2.000", "approximate", D(2000), D(2000), D(2000)),
    ("de", "die rund 19 Millionen Kasachen", "rund 19 Millionen", "approximate",
     D(19_000_000), D(19_000_000), D(19_000_000)),
    ("de", "ca. 90% der Exporte", "ca. 90%", "approximate", D(90), D(90), D(90)),
    ("de", "zwischen 200 und 300 Tote", "zwischen 200 und 300", "range", None, D(200), D(300)),
    ("de", "bis zu 300 Soldaten", "bis zu 300", "at_most", D(300), None, D(300)),
    ("de", "mehrere Tausend Soldaten", "mehrere Tausend", "vague", None, D(2000), None),
    ("de", "Dutzende Tote", "Dutzende", "vague", None, D(24), None),
    ("de", "Tausende Demonstranten", "Tausende", "vague", None, D(2000), None),
    ("de", "sechshundert", "sechshundert", "exact", D(600), D(600), D(600)),
    ("de", "zwanzigtausend Soldaten", "zwanzigtausend", "exact", D(20000), D(20000), D(20000)),
    ("de", "10.000", "10.000", "exact", D(10000), D(10000), D(10000)),
    ("de", "1,5 Millionen", "1,5 Millionen", "exact", D(1_500_000), D(1_500_000), D(1_500_000)),
    ("de", "2,7 Millionen Quadratkilometer", "2,7 Millionen Quadratkilometer", "exact",
     D(2_700_000), D(2_700_000), D(2_700_000)),
    ("de", "ein Drittel der Förderung", "ein Drittel", "exact",
     D("33.3333"), D("33.3333"), D("33.3333")),
    ("de", "die Hälfte der Anteile", "die Hälfte", "exact", D(50), D(50), D(50)),
    # "um" governing a noun phrase is the preposition, not "around".
    ("de", "es handelt sich um sechshundert kasachische Staatsbürger", "sechshundert", "exact",
     D(600), D(600), D(600)),
    ("de", "die Zahl liegt um 600.", "um 600", "approximate", D(600), D(600), D(600)),
    ("de", "um die 600 Menschen", "um die 600", "approximate", D(600), D(600), D(600)),
    ("de", "100.000 Soldaten", "100.000", "exact", D(100000), D(100000), D(100000)),
    ("de", "100,5 Kilometer", "100,5 Kilometer", "exact", D("100.5"), D("100.5"), D("100.5")),
    ("de", "Fast 8000 Personen wurden festgenommen", "Fast 8000", "almost", D(8000), None, D(8000)),
    ("de", "eine 1770 Kilometer lange Grenze", "1770 Kilometer", "exact",
     D(1770), D(1770), D(1770)),
    ("de", "25 Prozent der Bevölkerung", "25 Prozent", "exact", D(25), D(25), D(25)),
    ("de", "zwischen 1,5 und 2 Millionen", "zwischen 1,5 und 2 Millionen", "range",
     None, D(1_500_000), D(2_000_000)),
    ("de", "zwei bis drei Milliarden Dollar", "zwei bis drei Milliarden Dollar", "range",
     None, D(2_000_000_000), D(3_000_000_000)),
    ("de", "nicht länger als eine Woche", "nicht länger als eine", "at_most", D(1), None, D(1)),
    ("de", "weniger als 100 Tote", "weniger als 100", "less_than", D(100), None, D(100)),
    ("de", "zweieinhalb Millionen", "zweieinhalb Millionen", "exact",
     D(2_500_000), D(2_500_000), D(2_500_000)),
    ("en", "at least 225 people", "at least 225", "at_least", D(225), D(225), None),
    ("en", "more than 2,000 arrests", "more than 2,000", "more_than", D(2000), D(2000), None),
    ("en", "nearly 10,000 detained", "nearly 10,000", "almost", D(10000), None, D(10000)),
    ("en", "about 600 people", "about 600", "approximate", D(600), D(600), D(600)),
    ("en", "around 19 million", "around 19 million", "approximate",
     D(19_000_000), D(19_000_000), D(19_000_000)),
    ("en", "between 200 and 300 dead", "between 200 and 300", "range", None, D(200), D(300)),
    ("en", "up to 300 troops", "up to 300", "at_most", D(300), None, D(300)),
    ("en", "thousands of protesters", "thousands", "vague", None, D(2000), None),
    ("en", "dozens of deaths", "dozens", "vague", None, D(24), None),
    ("en", "six hundred and twenty", "six hundred and twenty", "exact", D(620), D(620), D(620)),
    ("en", "1,500 people", "1,500", "exact", D(1500), D(1500), D(1500)),
    ("en", "100.5 km", "100.5 km", "exact", D("100.5"), D("100.5"), D("100.5")),
    ("en", "a third of the oil", "a third", "exact", D("33.3333"), D("33.3333"), D("33.3333")),
    ("en", "200-300 people", "200-300", "range", None, D(200), D(300)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "passage", "stated", "bound", "value", "lower", "upper"), FIGURES
)
def test_it_proposes_the_figure_and_its_bound(
    language, passage, stated, bound, value, lower, upper
):
    proposal = propose(passage, language, PUBLISHED)
    assert proposal.kind == "figure"
    assert proposal.stated_value == stated
    assert passage[proposal.start : proposal.end] == stated
    assert (proposal.bound, proposal.value, proposal.value_min, proposal.value_max) == (
        bound,
        value,
        lower,
        upper,
    )


# (language, passage, stated wording, date, precision, tolerance)
DATES = [
    ("de", "Am 6. Januar 2022 kamen Truppen", "6. Januar 2022", "2022-01-06", "day", None),
    ("de", "im Januar 2022", "Januar 2022", "2022-01-01", "month", None),
    # Without a year, the source's publication year.
    ("de", "bis Ende Juni", "Ende Juni", "2022-06-01", "month", None),
    ("de", "am 9. Mai", "9. Mai", "2022-05-09", "day", None),
    ("de", "seit der Unabhängigkeit vor 30 Jahren", "vor 30 Jahren", "1992-01-01", "year", 1),
    ("de", "seit 30 Jahren", "seit 30 Jahren", "1992-01-01", "year", 1),
    ("de", "vor drei Jahren", "vor drei Jahren", "2019-01-01", "year", 1),
    ("de", "gegründet 1992", "1992", "1992-01-01", "year", None),
    # "2022" alone is a year, not a count of 2022 things.
    ("de", "Im Jahr 2022 kam es zu Unruhen", "2022", "2022-01-01", "year", None),
    ("de", "hatte das Amt 2019 von dem Machthaber übernommen", "2019", "2019-01-01", "year", None),
    ("de", "die Revolution 2013/14 in der Ukraine", "2013/14", "2013-01-01", "year", None),
    ("de", "am 05.01.2022 begann", "05.01.2022", "2022-01-05", "day", None),
    ("en", "on January 6, 2022 troops", "January 6, 2022", "2022-01-06", "day", None),
    ("en", "in 2022 protests", "2022", "2022-01-01", "year", None),
    ("en", "independence 30 years ago", "30 years ago", "1992-01-01", "year", 1),
    ("en", "late June", "late June", "2022-06-01", "month", None),
]  # fmt: skip


@pytest.mark.parametrize(("language", "passage", "stated", "day", "precision", "tolerance"), DATES)
def test_it_proposes_the_date_and_its_precision(
    language, passage, stated, day, precision, tolerance
):
    proposal = propose(passage, language, PUBLISHED)
    assert proposal.kind == "date"
    assert proposal.stated_value == stated
    assert passage[proposal.start : proposal.end] == stated
    assert proposal.date_value == datetime.date.fromisoformat(day)
    assert proposal.date_precision == precision
    assert proposal.tolerance == (Decimal(tolerance) if tolerance else None)


def test_a_count_of_2022_things_carries_its_noun():
    assert propose("2022 Menschen wurden verletzt").kind == "figure"


def test_a_date_without_a_year_has_no_date_when_the_publication_date_is_unknown():
    proposal = propose("Ende Juni", "de", None)
    assert (proposal.kind, proposal.stated_value, proposal.date_value) == (
        "date",
        "Ende Juni",
        None,
    )


def test_a_passage_prefers_its_figure_to_its_date():
    passage = (
        "Bei den schwersten Unruhen in Kasachstan seit der Unabhängigkeit von Russland vor 30 "
        "Jahren waren nach Angaben von Regierung und Polizei 164 Menschen gestorben."
    )
    assert propose(passage, "de", PUBLISHED).stated_value == "164"
    found = find_all(passage, "de", PUBLISHED)
    assert [p.stated_value for p in found] == ["vor 30 Jahren", "164"]


@pytest.mark.parametrize(
    "passage",
    [
        "Die Unruhen dauerten an.",  # no figure
        "Ein Sprecher sagte, er habe einen Plan.",  # articles are not the number one
        "um 10 Uhr, um 10:30 und um 10.30 Uhr",  # times of day
        "Telefon 0123456789012345678901234",  # digits beyond a claim's figures
        "Erstens:\n1. Kasachstan ist ein Binnenstaat.",  # the number of a list item
    ],
)
def test_it_proposes_nothing_where_no_figure_is(passage):
    assert find_all(passage, "de", PUBLISHED) == []


def test_the_proposal_becomes_the_claim_forms_initial_data():
    assert propose("rund 19 Millionen Kasachen").fields() == {
        "stated_value": "rund 19 Millionen",
        "bound": "approximate",
        "value": "19000000",
        "value_min": "19000000",
        "value_max": "19000000",
    }
    assert propose("vor 30 Jahren", "de", PUBLISHED).fields() == {
        "stated_value": "vor 30 Jahren",
        "date_value": "1992-01-01",
        "date_precision": "year",
        "tolerance": "1",
    }


# No deadline: the first date read loads dateparser's language data.
@settings(deadline=None)
@given(st.text(max_size=300), st.sampled_from(["de", "en", "kk", ""]))
def test_it_never_raises_on_hostile_text(text, language):
    for proposal in find_all(text, language, PUBLISHED):
        assert text[proposal.start : proposal.end] == proposal.stated_value
        assert proposal.value is None or proposal.value < Decimal(10) ** 16


@settings(deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "mindestens",
                "über",
                "zwischen",
                "und",
                "bis",
                "zu",
                "um",
                "vor",
                "Jahren",
                "Ende",
                "Juni",
                "6.",
                "Januar",
                "2022",
                "1.000",
                "1,5",
                "Millionen",
                "Drittel",
                "ein",
                "-",
                "–",
                "Dutzende",
                "99999999999999999999",
                "0",
                "sechshundert",
                "%",
                "Uhr",
                "10:00",
                "31.02.2022",
                "vor 99999 Jahren",
            ]
        ),  # fmt: skip
        max_size=12,
    ).map(" ".join)
)
def test_it_never_raises_on_hostile_wordings(text):
    for proposal in find_all(text, "de", datetime.date(1, 1, 1)):
        assert text[proposal.start : proposal.end] == proposal.stated_value


def test_an_article_after_a_preposition_counts_nothing():
    assert find_all("über eine Reaktion beraten", "de", PUBLISHED) == []
