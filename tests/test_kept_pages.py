"""Pages that list across questions (index with filters, sources, actors, search) and the
API's answers are kept as built: a second visit runs one query (the versions), and any
change said out loud (pages.changes) shows at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Question
from pages.changes import changed_objects
from sources.models import Actor, Source
from tests.publishing import publish_all
from tests.test_comparison_cache import import_claim_225

pytestmark = pytest.mark.django_db

PAGES = [
    "/?agreement=conflict",
    "/?q=died&sort=agreement",
    "/sources/",
    "/sources/unruhen-in-kasachstan/",
    "/actors/government/",
    "/search/?q=Regierung",
    "/search/?q=Kasachstan&kind=sources",
    "/api/questions/unrest-death-toll/",
    "/api/claims/?question=unrest-death-toll",
    "/api/actors/",
    "/api/sources/unruhen-in-kasachstan/",
]


# The language form's token is the one thing rendered anew for each request.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_page_seen_before_runs_one_query(client, django_assert_num_queries, url, claim_164):
    with CaptureQueriesContext(connection) as first_visit:
        first = text(client, url)
    assert len(first_visit) > 1
    # Expect 1 query: the versions of what the page shows, all unchanged.
    with django_assert_num_queries(1):
        second = text(client, url)
    assert TOKEN.sub("", second) == TOKEN.sub("", first)


def test_a_kept_page_keeps_its_title_language_form_and_status(client, claim_164):
    for _ in range(2):
        page = text(client, "/actors/government/")
        assert "<title>Government of Kazakhstan · Dossier</title>" in page
        assert 'name="csrfmiddlewaretoken"' in page
        response = client.get("/search/", {"q": "x" * 1000})
        assert response.status_code == 400
        assert "at most" in response.content.decode()


def test_claim_changes_show_at_once_on_source_actor_and_search_pages(client, claim_164):
    pages = [
        "/sources/unruhen-in-kasachstan/",
        "/actors/government/",
        "/search/?q=Regierung",
        "/api/claims/?question=unrest-death-toll",
        "/api/questions/unrest-death-toll/",
    ]
    for url in pages:
        assert "164" in text(client, url) and "etwa 164" not in text(client, url), url
    claim_164.stated_value = "etwa 164"
    claim_164.bound = Claim.Bound.APPROXIMATE
    claim_164.save()
    changed_objects(claim_164)
    for url in pages:
        assert "etwa 164" in text(client, url), url


def test_actor_changes_show_at_once(client, claim_164, government):
    assert "Also written" not in text(client, "/actors/government/")
    assert "Government of Kazakhstan" not in text(client, "/search/?q=Regierungskabinett")
    alias = government.aliases.create(name="Regierungskabinett", kind="translation", language="de")
    changed_objects(alias)
    assert "Regierungskabinett" in text(client, "/actors/government/")
    assert "Government of Kazakhstan" in text(client, "/search/?q=Regierungskabinett")
    government.name = "Cabinet of Kazakhstan"
    government.save()
    changed_objects(government)
    assert "<h1>Cabinet of Kazakhstan</h1>" in text(client, "/actors/government/")


def test_a_new_source_without_claims_shows_at_once(client, claim_164):
    assert "Neue Quelle" not in text(client, "/sources/")
    assert "Nothing found" in text(client, "/search/?q=Steppenwind&kind=sources")
    source = Source.objects.create(
        status="published",
        text_public=True,
        title="Neue Quelle",
        slug="neue-quelle",
        kind=Source.Kind.NEWS_REPORT,
        text="Steppenwind.",
    )
    changed_objects(source)
    assert "Neue Quelle" in text(client, "/sources/")
    assert "Neue Quelle" in text(client, "/search/?q=Steppenwind&kind=sources")


def test_a_filtered_index_follows_the_analysis(client, claim_164, claim_225, death_toll):
    url = "/?value_min=200"
    assert death_toll.text_en in text(client, url)
    # a bulk change, as imports and commands make it, then their refresh
    Claim.objects.filter(value=225).update(
        stated_value="180", bound=Claim.Bound.EXACT, value=180, value_min=180, value_max=180
    )
    Question.objects.filter(pk=death_toll.pk).refresh_analysis()
    assert death_toll.text_en not in text(client, url)


def test_an_import_shows_at_once_on_the_source_page(client, claim_164, report_225, officials):
    assert "0 claims from this source" in text(client, "/sources/bilanz-der-januarereignisse/")
    import_claim_225(report_225, officials)
    # A draft until a reviewer publishes it.
    assert "0 claims from this source" in text(client, "/sources/bilanz-der-januarereignisse/")
    publish_all(Claim.objects.all())
    assert "1 claim from this source" in text(client, "/sources/bilanz-der-januarereignisse/")


def test_a_missing_page_is_not_kept(client):
    assert client.get("/actors/nobody/").status_code == 404
    changed_objects(Actor.objects.create(kind=Actor.Kind.PERSON, name="Nobody", slug="nobody"))
    assert "<h1>Nobody</h1>" in text(client, "/actors/nobody/")


def test_each_language_is_kept_apart(client, claim_164):
    english = text(client, "/sources/")
    german = client.get("/sources/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h1>Sources</h1>" in english and "<h1>Quellen</h1>" in german
    assert "<h1>Sources</h1>" in text(client, "/sources/")
