import datetime
import io
import json

import pytest
from django.core.management import call_command
from openapi_spec_validator import validate
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer

from claims.models import Event, Question
from pages.changes import changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(death_toll, claim_164, claim_225):
    death_toll.refresh_analysis()
    return death_toll


@pytest.fixture
def founding(unrest):
    return Question.objects.create(
        status="published",
        event=unrest,
        slug="csto-founding-date",
        text_en="When was the CSTO founded?",
        text_de="Wann wurde die OVKS gegründet?",
        value_type="date",
    )


def stated_values(response) -> set[str]:
    return {claim["stated_value"] for claim in response.json()["results"]}


def test_questions_list_nests_every_claim(client, analysed, founding):
    response = client.get("/api/questions/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    question = next(q for q in data["results"] if q["slug"] == "unrest-death-toll")
    assert question["event"] == "kazakhstan-unrest-2022"
    assert question["text_de"] == "Wie viele Menschen starben bei den Unruhen im Januar 2022?"
    assert (question["agreement"], question["source_count"]) == ("over_time", 2)
    assert [claim["stated_value"] for claim in question["claims"]] == ["164", "mindestens 225"]


def test_question_detail_by_slug(client, analysed):
    response = client.get("/api/questions/unrest-death-toll/")
    assert response.status_code == 200
    assert response.json()["unit"] == "people"
    assert len(response.json()["claims"]) == 2
    assert client.get("/api/questions/no-such-question/").status_code == 404


def test_claim_detail_gives_figures_as_numbers_and_related_objects_as_slugs(client, claim_225):
    response = client.get(f"/api/claims/{claim_225.pk}/")
    assert response.status_code == 200
    claim = response.json()
    assert (claim["value"], claim["value_min"], claim["value_max"]) == (225, 225, None)
    assert (claim["bound"], claim["attribution"]) == ("at_least", "according_to")
    assert claim["question"] == "unrest-death-toll"
    assert claim["source"] == "bilanz-der-januarereignisse"
    assert claim["actor"] == "officials"
    assert claim["quote"] == "Offiziellen Angaben zufolge starben mindestens 225 Menschen."
    assert claim["updated_at"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"164", "mindestens 225"}),
        ("question=unrest-death-toll", {"164", "mindestens 225"}),
        ("event=kazakhstan-unrest-2022", {"164", "mindestens 225"}),
        ("actor=government", {"164"}),
        ("source=bilanz-der-januarereignisse", {"mindestens 225"}),
        ("outlet=tagesblatt", {"164"}),
        ("language=de", {"164", "mindestens 225"}),
        ("language=en", set()),
        ("published_after=2022-08-01", {"mindestens 225"}),
        ("value_min=200&value_max=300", {"mindestens 225"}),  # "at least 225" lies in 200–300
        ("value_max=200", {"164"}),
    ],
)
def test_claims_filter_as_the_index_does(client, claim_164, claim_225, query, expected):
    response = client.get(f"/api/claims/?{query}")
    assert response.status_code == 200
    assert stated_values(response) == expected


@pytest.mark.parametrize(
    "query, shown",
    [
        ("agreement=over_time", True),
        ("agreement=conflict", False),
        ("value_type=count", True),
        ("event=kazakhstan-unrest-2022", True),
        # claim filters select the questions one claim matches all at once
        ("actor=officials&value_min=200", True),
        ("actor=government&value_min=200&value_max=300", False),
    ],
)
def test_questions_filter_as_the_index_does(client, analysed, query, shown):
    slugs = {q["slug"] for q in client.get(f"/api/questions/?{query}").json()["results"]}
    assert ("unrest-death-toll" in slugs) is shown


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/questions/?value_min=lots", "value"),
        ("/api/questions/?actor=nobody", "actor"),
        ("/api/questions/?agreement=maybe", "agreement"),
        ("/api/claims/?published_after=2022-13-45", "published"),
        ("/api/claims/?question=nothing", "question"),
        ("/api/sources/?language=not a tag", "language"),
        ("/api/actors/?kind=planet", "kind"),
        ("/api/events/?place=nowhere", "place"),
    ],
)
def test_a_value_the_filter_cannot_read_answers_400_with_the_errors(client, url, field):
    response = client.get(url)
    assert response.status_code == 400
    assert field in response.json()


def test_sources_list_without_text_and_detail_with_it(client, report_164, report_225, tokayev):
    report_164.authors.add(tokayev)
    listed = client.get("/api/sources/").json()["results"]
    assert [source["slug"] for source in listed] == [
        "bilanz-der-januarereignisse",
        "unruhen-in-kasachstan",
    ]
    assert "text" not in listed[0]
    detail = client.get("/api/sources/unruhen-in-kasachstan/").json()
    assert detail["outlet"] == "tagesblatt"
    assert detail["authors"] == ["kassym-jomart-tokayev"]
    assert detail["text"].startswith("Nach Angaben von Regierung und Polizei")
    only_tagesblatt = client.get("/api/sources/?outlet=tagesblatt").json()["results"]
    assert [source["slug"] for source in only_tagesblatt] == ["unruhen-in-kasachstan"]


def test_actors_come_with_their_spellings(client, tokayev, kazakhstan):
    actor = client.get("/api/actors/kassym-jomart-tokayev/").json()
    assert actor["kind"] == "person"
    assert actor["aliases"] == [{"name": "Tokajew", "kind": "transliteration", "language": "de"}]
    places = client.get("/api/actors/?kind=state").json()["results"]
    assert [place["slug"] for place in places] == ["kazakhstan"]


def test_events_list_detail_and_filter(client, unrest, kazakhstan):
    Event.objects.create(name="CSTO deployment", slug="csto-deployment", parent=unrest)
    event = client.get("/api/events/kazakhstan-unrest-2022/").json()
    assert (event["starts_on"], event["starts_precision"]) == ("2022-01-02", "day")
    assert event["place"] == "kazakhstan"
    parts = client.get("/api/events/?parent=kazakhstan-unrest-2022").json()["results"]
    assert [part["slug"] for part in parts] == ["csto-deployment"]


def test_lists_are_paginated(client, monkeypatch, claim_164, claim_225):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    first = client.get("/api/claims/").json()
    assert (first["count"], len(first["results"])) == (2, 1)
    second = client.get(first["next"]).json()
    assert second["previous"] and not second["next"]
    assert stated_values(client.get("/api/claims/?page=2")) == {"mindestens 225"}


def test_the_api_is_read_only(client, claim_164):
    assert client.post("/api/claims/", {}).status_code == 405
    assert client.delete(f"/api/claims/{claim_164.pk}/").status_code == 405


@pytest.mark.parametrize("url", ["/api/", "/api/questions/", "/api/claims/", "/api/sources/"])
def test_browsable_api_renders(client, analysed, url):
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "<html" in response.content.decode()


# Expect 6 queries per page, however many questions and claims:
# * the index's version, under which the total is kept
# * count the questions (once per version of the index: see the next test)
# * the page of questions with their events and verdicts
# * the claims' relations
# * their claims with their sources, actors, places and measures
# * the versions the answer depends on (the index's), read once it is built
def test_questions_list_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, analysed, founding
):
    with django_assert_num_queries(6):
        client.get("/api/questions/")
    # another address of the same list: its total is kept
    with django_assert_num_queries(5):
        client.get("/api/questions/?page=1")
    # the same address again: the whole answer is kept; only its versions are read
    with django_assert_num_queries(1):
        client.get("/api/questions/?page=1")


def test_a_lists_total_is_counted_once_per_filter_and_reused(
    client, django_assert_num_queries, claim_164, claim_225
):
    assert client.get("/api/claims/").json()["count"] == 2
    # the index's version, the page itself and its claims' relations, the answer's
    # versions; the total comes from the cache
    with django_assert_num_queries(4):
        assert client.get("/api/claims/?page=1").json()["count"] == 2
    # another filter has its own total
    with django_assert_num_queries(5):
        assert client.get("/api/claims/?value_min=200").json()["count"] == 1
    # any change said out loud is counted at once
    renewals = claim_225.renews()
    claim_225.delete()
    changed(**renewals)
    assert client.get("/api/claims/?page=1").json()["count"] == 1
    assert client.get("/api/claims/?value_min=200").json()["count"] == 0


def test_claims_are_written_as_drfs_own_fields_would_write_them(claim_164, claim_225, tokayev):
    from rest_framework import serializers as drf

    from api.serializers import ClaimSerializer
    from claims.models import Claim

    claim_164.place, claim_164.as_of, claim_164.as_of_precision = None, None, ""
    claim_225.as_of, claim_225.as_of_precision = datetime.date(2022, 8, 1), "month"
    claim_225.save()
    for claim in Claim.objects.select_related("question", "source", "actor", "place"):
        ours = ClaimSerializer(claim).data
        theirs = drf.ModelSerializer.to_representation(ClaimSerializer(), claim)
        assert list(ours) == ClaimSerializer.Meta.fields
        assert JSONRenderer().render(ours) == JSONRenderer().render(theirs)


def test_a_list_of_questions_writes_claims_as_a_single_question_does(client, analysed, founding):
    listed = client.get("/api/questions/").json()["results"]
    for question in listed:
        single = client.get(f"/api/questions/{question['slug']}/").json()
        assert question == single
    assert [len(question["claims"]) for question in listed] == [2, 0]


# Expect 4 queries: the question with its event and verdict; its claims with what
# they name; their relations; the answer's versions.
def test_question_detail_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, analysed
):
    # The question, its claims, their relations (no verdict here); what its claims name,
    # and the current versions of those.
    with django_assert_num_queries(5):
        client.get("/api/questions/unrest-death-toll/")


@pytest.mark.parametrize(
    "url, queries",
    [
        # Each also reads the index's version (the count is kept under it) and, once
        # built, the answer's versions.
        # count (once per version of the index); the page of claims with their questions,
        # sources, actors, places and measures; their relations
        ("/api/claims/", 5),
        # count; the page of sources with outlets and parents; their authors
        ("/api/sources/", 5),
        # count; the page of actors; their aliases
        ("/api/actors/", 5),
        # count; the page of events with their places and parents
        ("/api/events/", 4),
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, claim_164, claim_225, tokayev, url, queries
):
    claim_164.source.authors.add(tokayev)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_schema_is_valid_openapi(client, claim_164):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)
    assert {
        "/api/questions/",
        "/api/claims/",
        "/api/sources/",
        "/api/actors/",
        "/api/events/",
    } <= set(schema["paths"])
    # the questions list documents the claim filters it applies
    parameters = {p["name"] for p in schema["paths"]["/api/questions/"]["get"]["parameters"]}
    assert {"actor", "value_min", "published_after", "agreement", "sort"} <= parameters


def test_schema_generates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())


def test_browsable_docs_load_their_scripts_from_our_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
