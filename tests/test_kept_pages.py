"""Pages that list across questions (index with filters, sources, actors, search) and the
API's answers are kept as built: a second visit runs no query, and any change to the data
shows at once."""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import cache as comparison_cache
from claims.cache import build_once
from claims.models import Claim, Question
from sources.models import Actor, Source
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
def test_a_page_seen_before_runs_no_query(client, django_assert_num_queries, url, claim_164):
    with CaptureQueriesContext(connection) as first_visit:
        first = text(client, url)
    assert len(first_visit) > 0
    with django_assert_num_queries(0):
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
    for url in pages:
        assert "etwa 164" in text(client, url), url


def test_actor_changes_show_at_once(client, claim_164, government):
    assert "Also written" not in text(client, "/actors/government/")
    assert "Government of Kazakhstan" not in text(client, "/search/?q=Regierungskabinett")
    government.aliases.create(name="Regierungskabinett", kind="translation", language="de")
    assert "Regierungskabinett" in text(client, "/actors/government/")
    assert "Government of Kazakhstan" in text(client, "/search/?q=Regierungskabinett")
    government.name = "Cabinet of Kazakhstan"
    government.save()
    assert "<h1>Cabinet of Kazakhstan</h1>" in text(client, "/actors/government/")


@pytest.fixture
def renewals(monkeypatch) -> list[str]:
    """Each write of a new version of the data, named by what renewed it."""
    seen = []
    for name in ("new_versions", "new_data_version"):
        real = getattr(comparison_cache, name)
        monkeypatch.setattr(
            comparison_cache,
            name,
            lambda *args, real=real, name=name: (seen.append(name), real(*args)),
        )
    return seen


def test_a_save_renews_the_data_version_once_and_again_at_commit(
    renewals, django_capture_on_commit_callbacks, claim_164, tagesblatt, government, unrest
):
    for obj in (claim_164, tagesblatt, government, unrest):
        renewals.clear()
        with django_capture_on_commit_callbacks(execute=True):
            obj.save()
            assert len(renewals) == 1, obj
        assert len(renewals) == 2, obj


def test_a_claim_moved_to_another_question_renews_both(renewals, claim_164, unrest):
    other = Question.objects.create(slug="other", event=unrest, text_en="Other?")
    both = (claim_164.question_id, other.pk)
    versions = [comparison_cache.current_version(pk) for pk in both]
    renewals.clear()
    claim_164.question = other
    claim_164.save()
    assert renewals == ["new_versions", "new_versions"]
    assert all(
        comparison_cache.current_version(pk) != version
        for pk, version in zip(both, versions, strict=True)
    )


def test_a_new_source_without_claims_shows_at_once(client, claim_164):
    assert "Neue Quelle" not in text(client, "/sources/")
    assert "Nothing found" in text(client, "/search/?q=Steppenwind&kind=sources")
    Source.objects.create(
        title="Neue Quelle", slug="neue-quelle", kind=Source.Kind.NEWS_REPORT, text="Steppenwind."
    )
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
    assert "1 claim from this source" in text(client, "/sources/bilanz-der-januarereignisse/")


def test_a_missing_page_is_not_kept(client):
    assert client.get("/actors/nobody/").status_code == 404
    Actor.objects.create(kind=Actor.Kind.PERSON, name="Nobody", slug="nobody")
    assert "<h1>Nobody</h1>" in text(client, "/actors/nobody/")


def test_each_language_is_kept_apart(client, claim_164):
    english = text(client, "/sources/")
    german = client.get("/sources/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h1>Sources</h1>" in english and "<h1>Quellen</h1>" in german
    assert "<h1>Sources</h1>" in text(client, "/sources/")


def build_meanwhile(key: str, then) -> tuple[dict, list]:
    """build_once() while another process holds the page's lock; `then` is what that
    process does a moment later."""
    built = []

    def build():
        built.append(key)
        return {"content": "built here"}

    cache.add(f"{key}:building", 1)
    with ThreadPoolExecutor() as pool:
        waiting = pool.submit(build_once, key, build)
        time.sleep(0.1)
        then()
        return waiting.result(timeout=5), built


def test_a_page_being_built_elsewhere_is_waited_for_not_built_again():
    key = "page:being-built"
    page, built = build_meanwhile(key, lambda: cache.set(key, {"content": "built there"}))
    assert page == {"content": "built there"} and built == []


def test_a_page_whose_builder_failed_is_built_here():
    key = "page:failed"
    page, built = build_meanwhile(key, lambda: cache.delete(f"{key}:building"))
    assert page == {"content": "built here"} and built == [key]
    assert cache.get(key) == page


def test_a_builder_tired_of_waiting_builds_the_page_and_leaves_the_others_lock(monkeypatch):
    monkeypatch.setattr("claims.cache.BUILD_SECONDS", 0.1)
    key = "page:slow-elsewhere"
    cache.add(f"{key}:building", "theirs")
    page = build_once(key, lambda: {"content": "built here"})
    assert page == {"content": "built here"} and cache.get(key) == page
    # The slow builder still holds its lock: others keep waiting for it, not for nobody.
    assert cache.get(f"{key}:building") == "theirs"


def test_a_builder_lets_go_of_its_own_lock():
    key = "page:built-alone"
    assert build_once(key, lambda: {"content": "built here"}) == {"content": "built here"}
    assert cache.get(f"{key}:building") is None
