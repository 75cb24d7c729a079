"""The Kazakhstan 2022 dossier: it loads, its quotes are verbatim, it exports."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.export import EXPORT_COLUMNS
from claims.models import Claim, Question
from sources.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    call_command("loaddata", "kazakhstan-2022", verbosity=0)


def export(*args) -> list[dict]:
    out = io.StringIO()
    call_command("export_claims", *args, stdout=out)
    out.seek(0)
    reader = csv.DictReader(out)
    assert reader.fieldnames == EXPORT_COLUMNS
    return list(reader)


def test_fixture_loads_into_an_empty_database(dossier):
    assert Source.objects.count() >= 5
    assert Claim.objects.count() >= 100
    death_toll = Question.objects.get(slug="unrest-death-toll")
    stated = set(death_toll.claims.values_list("stated_value", flat=True))
    assert {"164", "mindestens 225"} <= stated


def test_fixture_carries_its_analysis(dossier):
    # The stored analysis matches a fresh one, so the index is right after loaddata.
    stored = dict(Question.objects.values_list("slug", "agreement"))
    Question.objects.all().refresh_analysis()
    assert dict(Question.objects.values_list("slug", "agreement")) == stored


def test_every_demo_quote_is_verbatim(dossier):
    out = io.StringIO()
    call_command("verify_quotes", stdout=out)
    assert "quotes found in their sources" in out.getvalue()


def test_verify_quotes_names_a_claim_with_an_altered_quote(dossier):
    claim = Claim.objects.get(question__slug="unrest-death-toll", stated_value="mindestens 225")
    claim.quote = claim.quote.replace("225", "252")
    claim.save()
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of .* quotes not found"):
        call_command("verify_quotes", stdout=out)
    assert f"Claim {claim.pk} (unrest-death-toll" in out.getvalue()


def test_export_holds_the_disputed_death_toll(dossier):
    rows = [row for row in export() if row["question_slug"] == "unrest-death-toll"]
    by_stated = {row["stated_value"]: row for row in rows}
    assert by_stated["164"]["value"] == "164"
    assert by_stated["164"]["bound"] == "exact"
    assert by_stated["mindestens 225"]["value_min"] == "225"
    assert by_stated["mindestens 225"]["value_max"] == ""
    assert by_stated["mindestens 225"]["bound"] == "at_least"
    assert by_stated["164"]["question"] == "How many people died in the January 2022 unrest?"


def test_export_filters_by_question_and_event(dossier):
    rows = export("--question", "unrest-arrests")
    assert rows and {row["question_slug"] for row in rows} == {"unrest-arrests"}
    assert {row["as_of"] for row in rows} >= {"2022-01-06"}
    rows = export("--event", "csto-founding")
    assert rows and all(row["event"] == "Founding of the CSTO" for row in rows)
    with pytest.raises(CommandError, match="No question with the slug"):
        export("--question", "nope")
