"""Editors import CSV in the admin: previewed in a dry run, validated row by row, all or nothing."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.export import COLUMNS, write_csv
from claims.models import Claim, Event, Measure, Question
from claims.resources import EXTRA_COLUMNS, ClaimResource, EventResource, QuestionResource
from sources.models import Actor, Source
from sources.resources import ActorResource, SourceResource
from tests.publishing import publish_all

pytestmark = pytest.mark.django_db

QUOTE_164 = "Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben."
QUOTE_225 = "Offiziellen Angaben zufolge starben mindestens 225 Menschen."


def csv_text(rows: list[dict[str, str]], columns=COLUMNS) -> str:
    extra = [key for row in rows for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*columns, *dict.fromkeys(extra)], restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def death_toll_row(**cells) -> dict[str, str]:
    return {
        "question_slug": "unrest-death-toll",
        "source": "Unruhen in Kasachstan",
        "actor": "Government of Kazakhstan",
        "stated_value": "164",
        "value": "164",
        "bound": "exact",
        "quote": QUOTE_164,
    } | cells


def officials_row(**cells) -> dict[str, str]:
    """The officials' "at least 225", the second report's passage."""
    return (
        death_toll_row(
            source="Bilanz der Januarereignisse",
            actor="Kazakh officials",
            stated_value="mindestens 225",
            value="225",
            bound="at_least",
            quote=QUOTE_225,
        )
        | cells
    )


def import_claims(text: str, dry_run: bool = False):
    dataset = tablib.Dataset().load(text, format="csv")
    return ClaimResource().import_data(dataset, dry_run=dry_run)


def invalid_rows(result) -> dict[int, dict[str, list[str]]]:
    return {row.number: row.error_dict for row in result.invalid_rows}


def exported(claims=None) -> str:
    out = io.StringIO()
    write_csv(Claim.objects.all() if claims is None else claims, out)
    return out.getvalue()


@pytest.fixture
def world(death_toll, report_164, report_225, government, officials, tokayev):
    """Everything the death-toll claims name, without the claims."""


# The admin: upload, preview, confirm.


def upload(client, model: str, text: str):
    file = SimpleUploadedFile("claims.csv", text.encode(), content_type="text/csv")
    return client.post(
        f"/admin/{model}/import/", {"resource": "0", "format": "0", "import_file": file}
    )


def confirm(client, model: str, preview):
    form = preview.context["confirm_form"]
    return client.post(f"/admin/{model}/process_import/", form.initial)


def test_dry_run_previews_the_rows_and_writes_nothing(editor_client, world):
    text = csv_text([death_toll_row(), death_toll_row(stated_value="etwa 160", value="160")])
    response = upload(editor_client, "claims/claim", text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirm import" in page
    assert page.count('<tr class="new">') == 2
    assert "etwa 160" in page
    assert not Claim.objects.exists()


def test_confirmed_import_writes_the_claims_and_refreshes_the_analysis(
    editor_client, editor, world, death_toll
):
    text = csv_text(
        [
            death_toll_row(),
            officials_row(as_of="2022-08"),
        ]
    )
    preview = upload(editor_client, "claims/claim", text)
    response = confirm(editor_client, "claims/claim", preview)
    assert response.status_code == 302
    claim = Claim.objects.get(stated_value="mindestens 225")
    assert (claim.value_min, claim.value_max) == (Decimal(225), None)
    assert (claim.as_of, claim.as_of_precision) == (datetime.date(2022, 8, 1), "month")
    assert claim.attribution == Claim.Attribution.ACCORDING_TO
    # and the edit history names the editor
    assert claim.history.get().history_user == editor
    # The imported claims are drafts: readers' analysis waits for a reviewer to publish them.
    assert set(Claim.objects.values_list("status", flat=True)) == {"draft"}
    death_toll.refresh_from_db()
    assert (death_toll.source_count, death_toll.agreement) == (0, "unanswered")
    publish_all(Claim.objects.all())
    death_toll.refresh_from_db()
    assert (death_toll.source_count, death_toll.agreement) == (2, "over_time")


def test_a_file_with_one_bad_row_is_reported_and_changes_nothing(editor_client, world):
    text = csv_text(
        [
            death_toll_row(),
            death_toll_row(stated_value="zwischen 300 und 200", value="", bound="range")
            | {"value_min": "300", "value_max": "200"},
            death_toll_row(stated_value="etwa 160", value="160", bound="approximate"),
        ]
    )
    response = upload(editor_client, "claims/claim", text)
    page = response.content.decode()
    assert "Some rows failed to validate" in page
    assert "<td>2 </td>" in page
    assert "The lower bound must not exceed the upper bound." in page
    assert "Confirm import" not in page
    assert not Claim.objects.exists()


def test_a_committed_import_with_one_bad_row_writes_nothing(world, claim_164):
    before = exported()
    text = csv_text(
        [
            death_toll_row(stated_value="etwa 160", value="160", bound="approximate"),
            death_toll_row(stated_value="viele", value="viele"),
        ]
    )
    result = import_claims(text)
    assert invalid_rows(result) == {
        2: {"value": ["Enter a number such as 225 or 2.5, not “viele”."]}
    }
    assert exported() == before


@pytest.mark.parametrize(
    "cells, field, message",
    [
        ({"question_slug": "no-such-question"}, "question", "no question with the slug"),
        ({"source": "Unknown paper"}, "source", "No source has the title"),
        ({"actor": "Nobody"}, "actor", "No actor is called “Nobody”"),
        ({"bound": "exact", "value": "1,5"}, "value", "Enter a number"),
        ({"bound": "at_least", "value_max": "300"}, "value_max", "does not follow from"),
        ({"bound": "", "value": ""}, "bound", "This question takes a number and its bound."),
        ({"bound": "roughly"}, "bound", "is not a valid choice"),
        ({"as_of": "2022-13"}, "as_of", "Enter a date as 2022, 2022-01 or 2022-01-06"),
        ({"quote": ""}, "quote", "This field cannot be blank."),
        ({"quote": "Nicht im Text."}, "quote", "This quote is not in the text of the source"),
        ({"value": "165"}, "value", "The value 165 is not the figure in the stated wording"),
        ({"attribution": "gossip"}, "attribution", "is not a valid choice"),
        ({"rank": "deprecated"}, "__all__", "Say why the claim is preferred or deprecated."),
    ],
)
def test_each_bad_row_is_reported_with_its_number_and_reason(world, cells, field, message):
    result = import_claims(csv_text([death_toll_row(), death_toll_row(**cells)]))
    errors = invalid_rows(result)
    assert list(errors) == [2]
    assert any(message in text for text in errors[2][field]), errors
    assert not Claim.objects.exists()


def contract_cells(text: str) -> list[list[str]]:
    return [row[: len(COLUMNS)] for row in csv.reader(io.StringIO(text))]


def test_export_round_trips_through_the_import(client, claim_164, claim_225, death_toll):
    claim_164.stated_value = "=164"  # neutralised on export, read back as it was
    claim_164.as_of, claim_164.as_of_precision = datetime.date(2022, 1, 1), "year"
    claim_164.save()
    before = b"".join(client.get("/export/claims.csv").streaming_content).decode()
    Claim.objects.all().delete()

    result = import_claims(before)
    assert not result.has_errors() and not result.has_validation_errors()
    publish_all(Claim.objects.all())  # imported as drafts, then published by a reviewer
    # The same rows, but new claims: only their ids and pages differ.
    after = b"".join(client.get("/export/claims.csv").streaming_content).decode()
    assert contract_cells(after) == contract_cells(before)
    assert Claim.objects.get(stated_value="=164").as_of_precision == "year"


def test_reimporting_an_export_changes_nothing(claim_164, claim_225):
    before = exported()
    history = Claim.history.count()
    result = import_claims(before)
    assert [row.import_type for row in result.rows] == ["skip", "skip"]
    assert exported() == before
    assert Claim.history.count() == history


def test_a_row_updates_the_claim_with_the_same_question_source_actor_and_wording(claim_164):
    result = import_claims(csv_text([death_toll_row(as_of="2022-01-06")]))
    assert [row.import_type for row in result.rows] == ["update"]
    claim_164.refresh_from_db()
    assert (claim_164.as_of, claim_164.as_of_precision) == (datetime.date(2022, 1, 6), "day")
    assert Claim.objects.count() == 1


def test_actor_by_alias_and_source_by_slug_when_titles_repeat(world, report_164, tokayev):
    Source.objects.create(
        status="published",
        text_public=True,
        title=report_164.title,
        slug="unruhen-zweiter-teil",
        kind="news_report",
        text="…",
    )
    ambiguous = import_claims(csv_text([death_toll_row(actor="Tokajew")]))
    assert "give source_slug" in invalid_rows(ambiguous)[1]["source"][0]

    result = import_claims(
        csv_text([death_toll_row(actor="Tokajew", source_slug="unruhen-in-kasachstan")])
    )
    assert not result.has_validation_errors()
    claim = Claim.objects.get()
    assert (claim.actor, claim.source) == (tokayev, report_164)


def test_answers_of_every_kind(unrest, report_164, kazakhstan):
    questions = {
        value_type: Question.objects.create(
            status="published",
            event=unrest,
            slug=value_type,
            text_en=value_type,
            text_de=value_type,
            value_type=value_type,
        )
        for value_type in ["date", "place", "yes_no", "text"]
    }
    kazakhstan.aliases.create(name="Kasachstan")
    rows = [
        {"question_slug": "date", "value": "2002-10", "stated_value": "Oktober 2002"},
        {"question_slug": "place", "value": "Kasachstan", "stated_value": "in Kasachstan"},
        {"question_slug": "yes_no", "value": "no", "stated_value": "nein"},
        {"question_slug": "text", "value": "'-Terroristen", "stated_value": "Terroristen"},
    ]
    common = {"source": "Unruhen in Kasachstan", "quote": QUOTE_164}
    result = import_claims(csv_text([common | row for row in rows]))
    assert not result.has_validation_errors(), invalid_rows(result)
    claims = {claim.question.value_type: claim for claim in Claim.objects.all()}
    assert (claims["date"].date_value, claims["date"].date_precision) == (
        datetime.date(2002, 10, 1),
        "month",
    )
    assert claims["place"].place == kazakhstan
    assert claims["yes_no"].boolean_value is False
    assert claims["text"].text_value == "-Terroristen"
    assert {c.attribution for c in claims.values()} == {"own"}
    assert set(questions) == set(claims)


def test_optional_columns_after_the_contract(world):
    result = import_claims(
        csv_text(
            [
                death_toll_row(
                    attribution="direct_quote",
                    rank="preferred",
                    rank_reason="The official toll.",
                    quote_translation="According to the government, 164 people died.",
                )
            ]
        )
    )
    assert not result.has_validation_errors(), invalid_rows(result)
    claim = Claim.objects.get()
    assert (claim.attribution, claim.rank) == ("direct_quote", "preferred")
    assert claim.quote_translation.startswith("According to the government")


def test_measure_and_tolerance_columns(world, death_toll):
    Measure.objects.create(question=death_toll, slug="civilians", name="Civilians")
    result = import_claims(csv_text([death_toll_row(measure="civilians", tolerance="5")]))
    assert not result.has_validation_errors(), invalid_rows(result)
    claim = Claim.objects.get()
    assert (claim.measure.slug, claim.tolerance) == ("civilians", Decimal(5))
    row = ClaimResource().export(Claim.objects.all()).dict[0]
    assert (row["measure"], row["tolerance"]) == ("civilians", "5")


def test_a_measure_of_another_question_is_refused(world, death_toll, unrest):
    other = Question.objects.create(
        status="published", event=unrest, slug="other", text_en="?", text_de="?", value_type="count"
    )
    Measure.objects.create(question=other, slug="treaty", name="The treaty")
    result = import_claims(csv_text([death_toll_row(measure="treaty")]))
    assert "has no measure “treaty”" in str(invalid_rows(result))
    assert not Claim.objects.exists()


def test_admin_export_of_claims_is_the_contract_then_the_optional_columns(claim_164, claim_225):
    claim_164.source.title = "=Unruhen"
    claim_164.source.save()
    dataset = ClaimResource().export(Claim.objects.order_by("question__slug", "pk"))
    assert dataset.headers == [*COLUMNS, *EXTRA_COLUMNS]
    rows = list(csv.reader(io.StringIO(dataset.csv)))
    contract = [row[: len(COLUMNS)] for row in csv.reader(io.StringIO(exported()))]
    assert [row[: len(COLUMNS)] for row in rows] == contract
    assert rows[1][len(COLUMNS) :][:2] == ["unruhen-in-kasachstan", "government"]


# Sources, actors, events and questions.


def import_with(resource, text: str):
    return resource.import_data(tablib.Dataset().load(text, format="csv"))


def test_actors_import_with_their_spellings(tokayev):
    result = import_with(
        ActorResource(),
        "slug,name,kind,description,aliases\n"
        "kassym-jomart-tokayev,Kassym-Jomart Tokayev,,,Tokajew; Toqajew\n"
        "csto,Collective Security Treaty Organization,organisation,,OVKS; CSTO\n",
    )
    assert not result.has_validation_errors(), invalid_rows(result)
    assert set(tokayev.aliases.values_list("name", flat=True)) == {"Tokajew", "Toqajew"}
    csto = Actor.objects.get(slug="csto")
    assert set(csto.aliases.values_list("name", flat=True)) == {"OVKS", "CSTO"}
    assert Actor.objects.get(slug="kassym-jomart-tokayev").kind == "person"  # blank keeps it


def test_sources_import_with_outlet_authors_and_a_partial_date(tagesblatt, tokayev):
    result = import_with(
        SourceResource(),
        "slug,title,kind,outlet,authors,published_on,language,text\n"
        "bericht,Ein Bericht,news_report,tagesblatt,kassym-jomart-tokayev,2022-01,de,Volltext\n",
    )
    assert not result.has_validation_errors(), invalid_rows(result)
    source = Source.objects.get(slug="bericht")
    assert (source.outlet, list(source.authors.all())) == (tagesblatt, [tokayev])
    assert (source.published_on, source.published_precision) == (datetime.date(2022, 1, 1), "month")


def test_sources_import_reports_an_unknown_author_and_writes_nothing(tagesblatt):
    result = import_with(
        SourceResource(),
        "slug,title,kind,outlet,authors,published_on,language,text\n"
        "bericht,Ein Bericht,news_report,tagesblatt,,2022,de,Volltext\n"
        "zweiter,Zweiter Bericht,news_report,tagesblatt,nobody,2022,de,Volltext\n",
    )
    assert invalid_rows(result) == {2: {"authors": ["There is no actor with the slug “nobody”."]}}
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    "resource, model, objects",
    [
        (SourceResource, Source, ["report_164", "report_225"]),
        (ActorResource, Actor, ["tokayev", "kazakhstan"]),
        (EventResource, Event, ["unrest"]),
        (QuestionResource, Question, ["death_toll"]),
    ],
)
def test_admin_export_round_trips_through_the_import(request, resource, model, objects):
    for name in objects:
        request.getfixturevalue(name)
    first = resource().export().csv
    model.objects.all().delete()
    result = import_with(resource(), first)
    assert not result.has_errors() and not result.has_validation_errors(), invalid_rows(result)
    assert resource().export().csv == first


def test_events_and_questions_import(kazakhstan):
    events = import_with(
        EventResource(),
        "slug,name,starts_on,ends_on,place,parent,description\n"
        "unrest,January unrest,2022-01-02,2022-02,kazakhstan,,\n",
    )
    assert not events.has_validation_errors(), invalid_rows(events)
    questions = import_with(
        QuestionResource(),
        "slug,event,text_en,text_de,value_type,unit\n"
        "deaths,unrest,How many died?,Wie viele starben?,count,people\n",
    )
    assert not questions.has_validation_errors(), invalid_rows(questions)
    question = Question.objects.select_related("event").get(slug="deaths")
    assert question.event.ends_precision == "month"


# Who may import.


@pytest.mark.parametrize(
    "model", ["claims/claim", "claims/question", "claims/event", "sources/source", "sources/actor"]
)
def test_editors_may_import(editor_client, model):
    assert editor_client.get(f"/admin/{model}/import/").status_code == 200
    assert editor_client.get(f"/admin/{model}/").status_code == 200


def test_staff_without_the_rights_may_not_import(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/claims/claim/import/").status_code == 403
