"""The Kazakhstan 2022 dossier: it loads, its quotes are verbatim and highlighted, its
figures are those its wordings state, it exports.

Tests of other modules' features that read the whole demo live here, so it is loaded once.
"""

import csv
import io
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import override

from claims.export import EXPORT_COLUMNS
from claims.forms import figure_differs
from claims.models import Claim, Question
from sources.models import Source
from tests.test_passages import passages
from tests.test_reading import DWN
from tests.test_structured_data import json_ld_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(demo_for_module):
    """The demo dossier: every test of this module reads it, so it is loaded once."""


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
    def analysis():
        return {q["slug"]: q for q in Question.objects.values("slug", *Question.ANALYSIS_FIELDS)}

    stored = analysis()
    Question.objects.all().refresh_analysis()
    assert analysis() == stored


@pytest.mark.parametrize("language", ["en", "de"])
def test_answers_read_as_rows_are_those_of_the_claims(dossier, language):
    # The refresh reads plain rows, the comparison page loaded claims: the analysis
    # must get the same answers from both, relations and measures included.
    with override(language):
        rows = Claim.objects.answers()
        for question in Question.objects.all():
            claims = question.claims.for_analysis()
            assert rows.get(question.pk, []) == [claim.as_answer() for claim in claims]


def test_refresh_stores_the_analysis_of_the_loaded_claims(dossier):
    def stored(question):
        return {field: getattr(question, field) for field in Question.ANALYSIS_FIELDS}

    Question.objects.all().refresh_analysis()
    for question in Question.objects.select_related("verdict"):
        refreshed = stored(question)
        question.apply_analysis([claim.as_answer() for claim in question.claims.for_analysis()])
        assert stored(question) == refreshed, question.slug


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


def test_six_hundred_kazakhs_is_an_exact_figure(dossier):
    # "um sechshundert" continues "es handelt sich um": a preposition, not "about".
    claim = Claim.objects.get(question__slug="kazakhs-fighting-for-russia")
    assert claim.stated_value == "um sechshundert"
    assert (claim.bound, claim.value_min, claim.value_max) == ("exact", 600, 600)


def test_official_figures_without_a_named_body_are_not_credited_to_the_government(dossier):
    unnamed = Claim.objects.filter(quote__contains="Offiziellen Angaben zufolge")
    assert unnamed.count() == 2
    assert set(unnamed.values_list("actor", "attribution")) == {(None, "own")}
    government = Claim.objects.filter(actor__slug="government-of-kazakhstan")
    assert not government.filter(quote__contains="Offiziellen Angaben").exists()


def test_only_tokayevs_own_words_on_the_order_to_shoot_are_credited_to_him(dossier):
    order = Claim.objects.filter(question__slug="unrest-shooting-order")
    tokayev = order.filter(actor__slug="kassym-jomart-tokayev")
    assert [claim.quote for claim in tokayev] == [
        "Ich habe den Befehl erteilt, Terroristen ohne Vorwarnung zu erschießen."
    ]
    assert set(order.exclude(pk__in=tokayev).values_list("attribution", flat=True)) == {"own"}
    # "We would never shoot at peaceful demonstrators" stands beside the order's targets.
    never = Claim.objects.get(
        question__slug="unrest-shooting-order-target", quote__contains="friedliche Demonstranten"
    )
    assert never.actor.slug == "kassym-jomart-tokayev" and never.attribution == "paraphrase"


def test_csto_founding_years_measure_the_treaty_and_the_organisation(dossier):
    founding = Claim.objects.filter(question__slug="csto-founding-date")
    by_year = {(c.date_value.year, c.measure.slug) for c in founding.select_related("measure")}
    assert by_year == {(1992, "treaty"), (2002, "organisation")}
    assert Question.objects.get(slug="csto-founding-date").automatic_agreement == "definition"


def test_a_derived_round_year_agrees_within_its_tolerance(dossier):
    derived = Claim.objects.get(
        question__slug="kazakhstan-independence-date",
        source__outlet__slug="deutsche-wirtschafts-nachrichten",
    )
    assert derived.stated_value == "vor 30 Jahren" and derived.tolerance == 365
    question = Question.objects.get(slug="kazakhstan-independence-date")
    assert question.automatic_agreement == "agree"


def test_the_death_toll_carries_the_official_figures_as_the_editors_note(dossier):
    note = Question.objects.get(slug="unrest-death-toll").editorial_note
    assert note.startswith("Editors' note (general knowledge, not a source's claim)")
    for fact in ("225", "15 January 2022", "238", "164", "in error"):
        assert fact in note


def test_the_census_note_gives_the_2021_count_of_ethnic_russians(dossier):
    for slug in ("russian-minority-share", "russian-minority-size"):
        assert (
            "2.98 million ethnic Russians, 15.5 %" in Question.objects.get(slug=slug).editorial_note
        )


def test_every_fixture_record_carries_its_last_change(dossier):
    records = json.loads((settings.BASE_DIR / "fixtures" / "kazakhstan-2022.json").read_text())
    for record in records:
        model = apps.get_model(record["model"])
        if any(field.name == "updated_at" for field in model._meta.fields):
            assert record["fields"].get("updated_at"), record


def test_every_demo_figure_is_the_one_its_wording_states(dossier):
    differing = [
        (claim.stated_value, claim.value)
        for claim in Claim.objects.filter(value__isnull=False)
        if figure_differs(claim.stated_value, claim.value)
    ]
    # "vor drei Jahren" → 2022 and the like have no digits to compare: none is flagged.
    assert differing == []


def test_claim_coverage_lists_what_the_demo_has_not_claimed_yet(dossier):
    out = io.StringIO()
    call_command("claim_coverage", "--source", DWN, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{DWN}: 8 of 11 figures and dates claimed, 3 not yet"
    # The death toll, the arrests, "vor 30 Jahren" and 2013/14 are claimed; the dateline
    # and the reading time are not.
    body = out.getvalue()
    assert "[164]" not in body and "[Fast 8000]" not in body and "[vor 30 Jahren]" not in body
    assert "[2013/14]" not in body
    assert "   213  10.01.2022  (" in body
    assert "Lesezeit: [2] min" in body
    assert lines[-1] == "In all: 8 of 11 figures and dates claimed."

    out = io.StringIO()
    call_command("claim_coverage", stdout=out)
    per_source = [line for line in out.getvalue().splitlines() if not line.startswith(" ")]
    assert len(per_source) == Source.objects.count() + 1


def test_every_show_in_the_source_lands_on_a_highlight_linked_to_all_its_claims(client, dossier):
    shared = 0
    for source in Source.objects.all():
        page = passages(client, source)
        for claim in Claim.objects.filter(source=source):
            # the anchor sits inside a highlight that backs this claim
            assert str(claim.pk) in (page.anchors.get(f"quote-{claim.pk}") or []), claim
        for mark in page.marks:
            assert mark["links"] == {f"/claims/{pk}/" for pk in mark["claims"]}
            shared += len(mark["claims"]) > 1
    assert shared > 0  # the demo has passages that back several claims


def test_every_demo_question_page_carries_valid_json_ld(client, dossier):
    """Each question of the demo: one block, of the type its verdict says, naming the
    sources of its answers."""
    questions = Question.objects.select_related("verdict").prefetch_related("claims__source")
    assert questions.count() > 50
    for question in questions:
        [data] = json_ld_of(client, question.get_absolute_url())
        has_verdict = hasattr(question, "verdict")
        assert data["@type"] == ("ClaimReview" if has_verdict else "Claim")
        claim = data["itemReviewed"] if has_verdict else data
        voices = {c.source.title for c in question.claims.all() if c.rank != Claim.Rank.DEPRECATED}
        assert {work["name"] for work in claim["appearance"]} == voices


def test_no_demo_row_was_changed_in_the_future(dossier):
    """Pages show when a verdict or claim last changed: never a date still to come."""
    now = timezone.now()
    for model in apps.get_models():
        stamps = [f.name for f in model._meta.fields if f.name in ("updated_at", "created_at")]
        for stamp in stamps:
            assert not model.objects.filter(**{f"{stamp}__gt": now}).exists(), (model, stamp)
