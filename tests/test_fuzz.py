"""
No input makes Dossier fail: generated query strings and paths, answered without 5xx.

The default run sends a modest number of examples to each view; the full run, with
HYPOTHESIS_PROFILE=fuzz, sends at least 1,000 to each (see the README).
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
    st.sampled_from(["/questions/", "/sources/", "/actors/", "/events/", "/api/claims/"]),
    segments,
)
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


@pytest.fixture
def dossier(claim_164, claim_225, tokayev):
    claim_164.question.refresh_analysis()


@pytest.mark.parametrize("page", PAGES)
@FUZZ
@given(query=query_strings)
def test_no_query_string_makes_a_page_fail(client, dossier, page, query):
    response = client.get(f"{page}?{query}")
    assert response.status_code < 500, (page, query)


@FUZZ
@given(path=paths)
def test_no_path_makes_dossier_fail(client, dossier, path):
    response = client.get(path)
    assert response.status_code < 500, path
