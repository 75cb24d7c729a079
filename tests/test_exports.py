"""Every filtered index and every question can be downloaded as CSV and JSON."""

import csv
import io
import json
from decimal import Decimal

import pytest

from claims.export import EXPORT_COLUMNS
from claims.models import Claim, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrests(unrest, report_164, tokayev):
    question = Question.objects.create(
        status="published",
        event=unrest,
        slug="unrest-arrests",
        text_en="How many people were arrested?",
        text_de="Wie viele Menschen wurden festgenommen?",
        value_type=Question.ValueType.COUNT,
        unit="people",
    )
    Claim.objects.create(
        status="published",
        question=question,
        source=report_164,
        actor=tokayev,
        attribution=Claim.Attribution.ACCORDING_TO,
        stated_value="=fast 10.000",
        bound=Claim.Bound.ALMOST,
        value=Decimal(10000),
        value_max=Decimal(10000),
        quote="Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben.",
    )
    return question


@pytest.fixture
def dossier(death_toll, claim_164, claim_225, arrests):
    Question.objects.all().refresh_analysis()


def body(response) -> bytes:
    """A streamed export, read to its end."""
    return b"".join(response.streaming_content)


def read_csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response).decode())))


def page_question_slugs(client, query: str) -> set[str]:
    """The questions the index shows, on all its pages."""
    slugs, number = set(), 1
    while True:
        page = client.get(f"/?{query}&page={number}").context["page"]
        slugs |= {question.slug for question in page}
        if not page.has_next():
            return slugs
        number += 1


def claims_of(slugs) -> set[tuple[str, str]]:
    claims = Claim.objects.filter(question__slug__in=slugs)
    return set(claims.values_list("question__slug", "stated_value"))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "actor=government",
        "actor=kassym-jomart-tokayev",
        "value_min=5000",
        "agreement=over_time",
        "published_after=2022-08-01",
        "actor=government&value_min=200&value_max=300",  # nothing
    ],
)
def test_index_export_holds_the_claims_of_the_questions_the_index_shows(client, dossier, query):
    shown = page_question_slugs(client, query)
    for fmt in ["csv", "json"]:
        response = client.get(f"/export/claims.{fmt}?{query}")
        assert response.status_code == 200
        rows = read_csv(response) if fmt == "csv" else json.loads(body(response))
        assert {row["question_slug"] for row in rows} == shown
        exported = {(row["question_slug"], row["stated_value"].lstrip("'")) for row in rows}
        assert exported == claims_of(shown)
        assert len(rows) == len(exported)


def test_index_export_holds_every_page_not_only_the_current_one(client, dossier, monkeypatch):
    monkeypatch.setattr("claims.views.QUESTIONS_PER_PAGE", 1)
    assert len(client.get("/?page=1").context["page"]) == 1
    rows = read_csv(client.get("/export/claims.csv?page=1"))
    assert {row["question_slug"] for row in rows} == {"unrest-death-toll", "unrest-arrests"}


def test_question_export_holds_exactly_the_claims_its_page_shows(client, dossier):
    page_claims = client.get("/questions/unrest-death-toll/").context["claims"]
    response = client.get("/questions/unrest-death-toll/claims.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert sorted(row["stated_value"] for row in rows) == sorted(
        claim.stated_value for claim in page_claims
    )
    assert {row["question_slug"] for row in rows} == {"unrest-death-toll"}


def test_csv_and_json_hold_the_same_rows_the_csv_guarded_against_formulas(client, dossier):
    rows = read_csv(client.get("/questions/unrest-arrests/claims.csv"))
    objects = json.loads(body(client.get("/questions/unrest-arrests/claims.json")))
    assert list(rows[0]) == EXPORT_COLUMNS and list(objects[0]) == EXPORT_COLUMNS
    assert rows[0]["stated_value"] == "'=fast 10.000"
    assert objects[0]["stated_value"] == "=fast 10.000"
    assert (objects[0]["value"], objects[0]["value_min"], objects[0]["value_max"]) == (
        "10000",
        "",
        "10000",
    )
    assert {k: v for k, v in rows[0].items() if k != "stated_value"} == {
        k: v for k, v in objects[0].items() if k != "stated_value"
    }


@pytest.mark.parametrize(
    "url, filename",
    [
        ("/export/claims.csv", "dossier-claims.csv"),
        ("/export/claims.json", "dossier-claims.json"),
        ("/questions/unrest-death-toll/claims.csv", "unrest-death-toll-claims.csv"),
        ("/questions/unrest-death-toll/claims.json", "unrest-death-toll-claims.json"),
    ],
)
def test_exports_are_downloads_with_a_sensible_name(client, dossier, url, filename):
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'


def test_pages_link_to_their_exports_keeping_the_filters(client, dossier):
    index = client.get("/?actor=government&value_min=100").content.decode()
    assert 'href="/export/claims.csv?actor=government&amp;value_min=100"' in index
    assert 'href="/export/claims.json?actor=government&amp;value_min=100"' in index
    question = client.get("/questions/unrest-death-toll/").content.decode()
    assert 'href="/questions/unrest-death-toll/claims.csv"' in question
    assert 'href="/questions/unrest-death-toll/claims.json"' in question


def test_an_empty_question_exports_a_header_and_an_empty_list(client, death_toll):
    assert body(client.get("/questions/unrest-death-toll/claims.csv")).decode() == (
        ",".join(EXPORT_COLUMNS) + "\n"
    )
    assert json.loads(body(client.get("/questions/unrest-death-toll/claims.json"))) == []


@pytest.mark.parametrize(
    "query", ["value_min=lots", "published_after=2022-13-45", "actor=nobody", "agreement=maybe"]
)
def test_export_of_a_filter_it_cannot_read_is_400(client, dossier, query):
    assert client.get(f"/export/claims.csv?{query}").status_code == 400
    assert client.get(f"/export/claims.json?{query}").status_code == 400


def test_unknown_question_or_format_is_404(client, dossier):
    assert client.get("/questions/no-such-question/claims.csv").status_code == 404
    assert client.get("/questions/unrest-death-toll/claims.xlsx").status_code == 404
    assert client.get("/export/claims.xml").status_code == 404


def test_exports_run_a_fixed_number_of_queries(client, django_assert_num_queries, dossier):
    # Expect 1 query: the claims of the filtered questions, with what each row names.
    with django_assert_num_queries(1):
        body(client.get("/export/claims.csv?agreement=over_time"))
    # Expect 2 queries: the question; its claims with what each row names.
    with django_assert_num_queries(2):
        body(client.get("/questions/unrest-death-toll/claims.json"))


def test_an_export_streams_in_pieces_as_it_is_read(client, dossier, settings):
    from claims import export

    settings.DEBUG = False
    export.ROWS_PER_PIECE, rows_per_piece = 1, export.ROWS_PER_PIECE
    try:
        response = client.get("/export/claims.csv")
        assert response.streaming
        pieces = list(response.streaming_content)
    finally:
        export.ROWS_PER_PIECE = rows_per_piece
    # The header with the first row, then a row a piece.
    assert len(pieces) == Claim.objects.count()
    assert all(piece.endswith(b"\n") for piece in pieces)
    assert pieces[0].decode().startswith(",".join(EXPORT_COLUMNS))


def test_anonymous_full_exports_beyond_the_rate_are_refused_with_retry_after(
    client, dossier, settings
):
    settings.EXPORT_RATE_LIMIT = 3
    for _ in range(3):
        assert len(read_csv(client.get("/export/claims.csv"))) == Claim.objects.count()
    response = client.get("/export/claims.json")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= settings.EXPORT_RATE_WINDOW
    assert "You have downloaded 3 full exports in a short time" in response.content.decode()
    # Another visitor still gets theirs, and one question's export is never limited.
    assert client.get("/export/claims.csv", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/questions/unrest-death-toll/claims.csv").status_code == 200


def test_anonymous_exports_beyond_the_concurrency_wait_until_one_is_sent(client, dossier, settings):
    settings.EXPORT_CONCURRENCY = 1
    first = client.get("/export/claims.csv")  # being sent: not yet read to its end
    busy = client.get("/export/claims.csv", REMOTE_ADDR="192.0.2.7")
    assert busy.status_code == 429
    assert busy["Retry-After"] == "30"
    assert "Other full exports are being sent right now" in busy.content.decode()
    assert len(read_csv(first)) == Claim.objects.count()
    assert client.get("/export/claims.csv", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_dropped_export_gives_its_slot_back(client, dossier, settings):
    settings.EXPORT_CONCURRENCY = 1
    client.get("/export/claims.json").close()  # the visitor went away before it was sent
    assert client.get("/export/claims.json", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_editors_are_never_limited(editor_client, dossier, settings):
    settings.EXPORT_RATE_LIMIT = 1
    settings.EXPORT_CONCURRENCY = 1
    held = [editor_client.get("/export/claims.csv") for _ in range(4)]
    assert [response.status_code for response in held] == [200] * 4
