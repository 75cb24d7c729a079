"""check_claims: the claims an editor should read again against their source."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim
from sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(tokayev):
    return Source.objects.create(
        status="published",
        text_public=True,
        title="Ansprache",
        slug="ansprache",
        published_on=datetime.date(2022, 1, 11),
        published_precision="day",
        kind=Source.Kind.NEWS_REPORT,
        text=(
            "Am Dienstag sprach der Präsident. Tokajews Worte: 20.000 Terroristen griffen "
            "Almaty an. Er sprach von Verrat.\n\nDie Polizei meldete 164 Tote."
        ),
    )


def claim(question, source, quote, **fields) -> Claim:
    return Claim.objects.create(
        status="published",
        question=question,
        source=source,
        stated_value=quote,
        quote=quote,
        bound="exact",
        value=Decimal(1),
        value_min=Decimal(1),
        value_max=Decimal(1),
        **fields,
    )


def checked(*args) -> list[str]:
    out = StringIO()
    call_command("check_claims", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_finds_an_as_of_date_that_is_the_publication_date(death_toll, statement):
    slip = claim(
        death_toll, statement, "164 Tote", as_of=datetime.date(2022, 1, 11), as_of_precision="day"
    )
    claim(death_toll, statement, "164", as_of=datetime.date(2022, 1, 10), as_of_precision="day")
    claim(death_toll, statement, "Tote", as_of=datetime.date(2022, 1, 1), as_of_precision="year")
    lines = checked()
    assert lines == [
        f"claim {slip.pk} (unrest-death-toll: “164 Tote”), source ansprache: its as-of date "
        "Jan. 11, 2022 is the day the source was published; check that the figure held then, "
        "and not only that the article appeared then (else clear the as-of date)",
        "1 to check: 1 as-of dates that are the publication date, 0 actors their passage does "
        "not name.",
    ]


def test_it_finds_an_actor_its_passage_does_not_name(death_toll, statement, tokayev, government):
    # The sentence names Tokayev by a spelling (and in the genitive): not found.
    claim(death_toll, statement, "20.000 Terroristen", actor=tokayev, attribution="paraphrase")
    # The police speak in that sentence, not the government.
    wrong = claim(death_toll, statement, "164 Tote", actor=government, attribution="according_to")
    # The source's own statement names no one.
    claim(death_toll, statement, "Almaty")
    lines = checked()
    assert lines == [
        f"claim {wrong.pk} (unrest-death-toll: “164 Tote”), source ansprache: credited to "
        "Government of Kazakhstan (actor government), but the passage it quotes names the "
        "actor by none of its names or spellings; check who says it (or give the actor the "
        "spelling the source uses)",
        "1 to check: 0 as-of dates that are the publication date, 1 actors their passage does "
        "not name.",
    ]


def test_the_passage_is_the_quotes_paragraph_around_it(death_toll, statement, tokayev):
    # "Tokajews" stands two sentences before "Er sprach von Verrat.", in its paragraph
    claim(death_toll, statement, "Verrat", actor=tokayev, attribution="paraphrase")
    # but not in the paragraph of "Die Polizei meldete 164 Tote."
    credited = claim(death_toll, statement, "164 Tote", actor=tokayev, attribution="paraphrase")
    assert [line.split(" (")[0] for line in checked()[:-1]] == [f"claim {credited.pk}"]


def test_a_correct_dossier_has_nothing_to_check(claim_164, claim_225):
    # Government of Kazakhstan "nach Angaben von Regierung": not its name, so given a spelling.
    claim_164.actor.aliases.create(name="Regierung", kind="translation", language="de")
    claim_225.actor = None
    claim_225.attribution = "own"
    claim_225.save()
    assert checked() == [
        "0 to check: 0 as-of dates that are the publication date, 0 actors their passage does "
        "not name."
    ]


def test_one_source_only(death_toll, statement, report_164):
    day = {"as_of": datetime.date(2022, 1, 11), "as_of_precision": "day"}
    claim(death_toll, statement, "164 Tote", **day)
    assert checked("--source", report_164.slug)[-1].startswith("0 to check")
    with pytest.raises(CommandError, match="No source with the slug 'nowhere'"):
        checked("--source", "nowhere")
