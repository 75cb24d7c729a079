"""
No input makes Dossier fail: generated query strings and paths, answered without 5xx.

The default run sends a modest number of examples to each view; the full run, with
HYPOTHESIS_PROFILE=fuzz, sends at least 1,000 to each (see docs/developers/tests.md).
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/questions/unrest-death-toll/",
    "/questions/unrest-death-toll/claims.csv",
    "/questions/unrest-death-toll/claims.json",
    "/export/claims.csv",
    "/export/claims.json",
    "/sources/",
    "/sources/unruhen-in-kasachstan/",
    "/actors/government/",
    "/events/kazakhstan-unrest-2022/",
    "/search/",
    "/api/questions/",
    "/api/questions/unrest-death-toll/",
    "/api/claims/",
    "/api/sources/",
    "/api/actors/",
    "/api/events/",
]
PARAMETERS = [
    "q", "event", "value_type", "agreement", "actor", "source", "outlet", "language",
    "published_after", "published_before", "as_of_after", "as_of_before", "value_min",
    "value_max", "sort", "page", "question", "format", "limit", "offset",
]  # fmt: skip
# Numbers beyond what either database holds, and what Python's Decimal reads oddly.
NUMERIC_EXTREMES = [
    "1e131072",
    "1e-999999",
    "-1e400",
    "9999999999999999.9999",
    "99999999999999999999999",
    "-99999999999999999999.99999",
    "0.00001",
    "Infinity",
    "-Infinity",
    "sNaN",
    "1_000",
    "-0",
    "2147483648",
    "9223372036854775808",
]
CONTROL_CHARACTERS = ["\x00", "a\x00b", "\x01", "\x1b[0m", "\x7f", "\r\n", "\t"]
# Sent to every parameter of every page: one of each kind of trouble.
SWEEP = ["1e131072", "-1e400", "1e-999999", "9999999999999999.9999", "sNaN", "\x00", "\x1b[0m"]
HOSTILE = [
    "",
    "\x00",
    "' OR 1=1 --",
    '"; DROP TABLE claims_claim; --',
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "1e400",
    "-1",
    "9" * 400,
    "NaN",
    "2022-02-30",
    "0000-00-00",
    "ʕ•ᴥ•ʔ Tokajew Schangaösen",
    "\ud7ff\ue000\U0010ffff",
    "a" * 5000,
    *NUMERIC_EXTREMES,
    *CONTROL_CHARACTERS,
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300), st.integers().map(str))
query_strings = st.one_of(
    st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=6).map(urlencode),
    st.dictionaries(st.text(max_size=20), values, max_size=4).map(urlencode),
    st.text(max_size=500).map(lambda text: quote(text, safe="=&%+")),
)
segments = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=80))
paths = st.builds(
    lambda base, segment: base + quote(segment, safe="") + "/",
    st.sampled_from(
        [
            "/questions/",
            "/sources/",
            "/actors/",
            "/events/",
            "/api/claims/",
            "/api/questions/",
            "/api/sources/",
            "/api/actors/",
            "/api/events/",
        ]
    ),
    segments,
)
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


@pytest.fixture
def dossier(claim_164, claim_225, tokayev, settings):
    claim_164.question.refresh_analysis()
    # Every export is read to its end, as a visitor's would be, whatever the limit.
    settings.EXPORT_RATE_LIMIT = 1_000_000
    settings.PAGE_BUILD_RATE_LIMIT = 1_000_000


def answer(response):
    """The response read to its end: a streamed export runs its query only as it is read."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("page", PAGES)
@FUZZ
@given(query=query_strings)
def test_no_query_string_makes_a_page_fail(client, dossier, page, query):
    response = answer(client.get(f"{page}?{query}"))
    assert response.status_code < 500, (page, query)


@FUZZ
@given(path=paths)
def test_no_path_makes_dossier_fail(client, dossier, path):
    response = answer(client.get(path))
    assert response.status_code < 500, path


@pytest.mark.parametrize("page", PAGES)
def test_no_extreme_number_or_control_character_in_any_parameter_fails(client, dossier, page):
    for parameter in PARAMETERS:
        for value in SWEEP:
            response = answer(client.get(page, {parameter: value}))
            assert response.status_code < 500, (page, parameter, value)
            if "\x00" in value:
                assert response.status_code == 400, (page, parameter, value)


DETAIL_PATHS = [
    "/questions/{}/",
    "/questions/{}/claims.csv",
    "/sources/{}/",
    "/actors/{}/",
    "/events/{}/",
    "/api/questions/{}/",
    "/api/claims/{}/",
    "/api/sources/{}/",
    "/api/actors/{}/",
    "/api/events/{}/",
]


@pytest.mark.parametrize("path", DETAIL_PATHS)
def test_no_extreme_number_or_control_character_in_a_path_fails(client, dossier, path):
    for segment in NUMERIC_EXTREMES + CONTROL_CHARACTERS:
        response = answer(client.get(path.format(quote(segment, safe=""))))
        assert response.status_code == 404, (path, segment)


METHODS = ["get", "head", "post", "put", "patch", "delete", "options", "trace"]
ENDPOINTS = [
    *PAGES,
    "/api/",
    "/api/schema/",
    "/api/docs/",
    "/api/docs/?script",
    "/api/claims/1/",
    "/api/sources/unruhen-in-kasachstan/",
    "/api/actors/government/",
    "/api/events/kazakhstan-unrest-2022/",
    "/admin/login/",
    "/i18n/setlang/",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_method_on_every_endpoint_gets_an_answer(client, dossier, path):
    for method in METHODS:
        response = answer(getattr(client, method)(path))
        assert response.status_code < 500, (method, path)
        if method in ("put", "patch", "delete", "trace") and not path.startswith(
            ("/admin/", "/i18n/")
        ):
            # Nothing is changed over HTTP but through the admin's forms.
            assert response.status_code in (403, 405), (method, path)
