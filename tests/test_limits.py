"""Limits on what enters: parameters, figures and addresses both databases can hold."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError

from claims.models import Claim
from claims.resources import ClaimResource
from sources.models import Source
from tests.test_admin import claim_form

pytestmark = pytest.mark.django_db

FIGURE_PAGES = ["/", "/api/questions/", "/api/claims/", "/export/claims.csv", "/export/claims.json"]


@pytest.mark.parametrize("page", FIGURE_PAGES)
@pytest.mark.parametrize(
    "query", ["value_min=1e131072", "value_min=1e-999999", "value_max=-1e400", "value_max=1e21"]
)
def test_a_figure_no_claim_can_hold_is_a_bad_request(client, claim_164, page, query):
    response = client.get(f"{page}?{query}")
    assert response.status_code == 400
    assert "digits" in response.content.decode()


@pytest.mark.parametrize("page", FIGURE_PAGES)
def test_the_largest_figures_still_filter(client, claim_164, page):
    response = client.get(f"{page}?value_min=-9999999999999999.9999&value_max=9999999999999999")
    assert response.status_code == 200
    content = b"".join(response.streaming_content if response.streaming else [response.content])
    assert "unrest-death-toll" in content.decode()


@pytest.mark.parametrize("page", ["/", "/sources/"])
@pytest.mark.parametrize("number", ["1" * 10, "²", "１", "-1", "1e3"])
def test_a_page_number_beyond_any_list_is_a_bad_request(client, claim_164, page, number):
    separator = "&" if "?" in page else "?"
    response = client.get(f"{page}{separator}page={number}")
    assert response.status_code == 400
    assert "page number must be a whole number" in response.content.decode()


@pytest.mark.parametrize("page", ["/api/questions/", "/api/claims/", "/api/sources/"])
@pytest.mark.parametrize("number", ["1" * 30, "\u0662", "0", "-1"])
def test_an_api_page_beyond_the_list_is_not_found(client, claim_164, page, number):
    response = client.get(page, {"page": number})
    assert response.status_code == 404
    assert "Invalid page" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/actors/%00/",
        "/api/questions/%00/",
        "/api/sources/%00/",
        "/api/events/%00/",
        "/api/claims/%00/",
        "/api/claims/99999999999999999999999/",
        "/questions/%00/",
        "/sources/%00/",
        "/actors/%00/",
        "/events/%00/",
        "/questions/a%01b/claims.csv",
    ],
)
def test_a_nul_or_control_character_in_a_path_is_not_found(client, claim_164, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "page",
    ["/", "/search/", "/sources/", "/api/claims/", "/api/actors/", "/export/claims.csv"],
)
@pytest.mark.parametrize(
    "parameter", ["q", "actor", "source", "outlet", "language", "event", "question", "sort"]
)
@pytest.mark.parametrize("value", ["\x00", "tok\x00ayev", "\x1b[31m", "\x7f"])
def test_a_control_character_in_any_parameter_is_a_bad_request(client, page, parameter, value):
    response = client.get(page, {parameter: value})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_a_control_character_in_a_parameter_name_is_a_bad_request(client):
    response = client.get("/?%00=1")
    assert response.status_code == 400


@pytest.mark.parametrize("version", ["\x00", "\r\n", "1\r\nSet-Cookie: a=b", "x" * 300])
def test_the_schema_refuses_a_version_it_cannot_name(client, version):
    response = client.get("/api/schema/", {"version": version})
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers


def test_the_schema_names_a_plain_version(client):
    response = client.get("/api/schema/", {"version": "1"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="Dossier API (1).yaml"'


@pytest.mark.parametrize("method", ["options", "post", "put", "patch", "delete", "trace"])
def test_the_docs_page_answers_every_method(client, method):
    response = getattr(client, method)("/api/docs/")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("version", ["\x00", "\r\n"])
def test_the_docs_page_refuses_a_control_character_in_the_version(client, version):
    assert client.get("/api/docs/", {"version": version}).status_code == 400


# Figures both databases store and read back exactly.
EXTREMES = [
    "9999999999999990",
    "-9999999999999990",
    "1000000000000000",
    "99999999999.9999",
    "-99999999999.9999",
    "123456789012.345",
    "0.0001",
    "-0.0001",
    "0",
]


def exact_claim(question, source, value: str) -> Claim:
    return Claim(
        status="published",
        question=question,
        source=source,
        stated_value=value,
        bound=Claim.Bound.EXACT,
        value=Decimal(value),
        quote="164 Menschen",
    )


@pytest.mark.parametrize("value", EXTREMES)
def test_every_accepted_extreme_figure_reads_back_exactly(death_toll, report_164, value):
    claim = exact_claim(death_toll, report_164, value)
    claim.full_clean()
    claim.save()
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.value, stored.value_min, stored.value_max) == (Decimal(value),) * 3
    assert Claim.objects.filter(value=Decimal(value)).count() == 1


@pytest.mark.parametrize(
    "value, message",
    [
        ("9999999999999999.9999", "at most 15 significant digits; this one has 20"),
        ("1000000000000000.25", "at most 15 significant digits; this one has 18"),
        ("1234567890123456", "at most 15 significant digits; this one has 16"),
        ("99999999999999999", "no more than 16 digits before the decimal point"),
        ("0.00001", "no more than 4 decimal places"),
    ],
)
def test_a_figure_no_database_holds_exactly_is_refused(death_toll, report_164, value, message):
    claim = exact_claim(death_toll, report_164, value)
    with pytest.raises(ValidationError) as error:
        claim.full_clean()
    assert message in str(error.value.message_dict["value"])


def test_the_admin_refuses_a_figure_with_a_message(
    editor_client, death_toll, report_164, government
):
    form = claim_form(
        death_toll,
        report_164,
        government,
        stated_value="9999999999999999.9999",
        bound="exact",
        value="9999999999999999.9999",
        quote="164 Menschen",
    )
    response = editor_client.post("/admin/claims/claim/add/", form)
    assert response.status_code == 200
    assert "at most 15 significant digits" in response.content.decode()
    assert not Claim.objects.exists()


def test_an_import_refuses_a_figure_with_a_message(death_toll, report_164, government):
    dataset = tablib.Dataset(
        headers=["question_slug", "source", "actor", "stated_value", "value", "bound", "quote"]
    )
    dataset.append(
        [
            "unrest-death-toll",
            report_164.title,
            government.name,
            "riesig",
            "9999999999999999.9999",
            "exact",
            "164 Menschen",
        ]
    )
    result = ClaimResource().import_data(dataset, dry_run=False)
    errors = [str(row.error_dict) for row in result.invalid_rows]
    assert any("at most 15 significant digits" in error for error in errors), errors
    assert not Claim.objects.exists()


def source_with_url(url: str) -> Source:
    return Source(
        status="published",
        text_public=True,
        title="Bericht",
        slug="bericht",
        published_on=datetime.date(2022, 1, 10),
        published_precision="day",
        kind=Source.Kind.NEWS_REPORT,
        text="Text.",
        url=url,
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/a", "data:text/html,<b>x</b>"]
)
def test_a_source_address_must_be_a_web_address(url):
    with pytest.raises(ValidationError) as error:
        source_with_url(url).full_clean()
    assert "web address starting with http(s)://" in str(error.value)


def test_the_database_refuses_a_script_address_written_past_validation():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        source_with_url("javascript:alert(1)").save()


def test_an_address_that_is_no_web_address_is_never_a_link(client):
    source = source_with_url("https://example.org/bericht")
    source.save()
    # As a fixture or an older database could hold it: past the model and its constraint.
    Source.objects.filter(pk=source.pk).update(url="https://example.org/bericht")
    page = client.get(source.get_absolute_url()).content.decode()
    assert '<a href="https://example.org/bericht" rel="noopener noreferrer nofollow">' in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:x"])
def test_a_script_address_is_shown_as_text_not_a_link(url):
    from django.template import Context, Template

    html = Template("{% load dossier %}{{ url|web_link }}").render(Context({"url": url}))
    assert "<a" not in html and "href" not in html
    assert "script" in html.lower()
