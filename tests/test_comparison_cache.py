"""The comparison page is served from the cache with no query, and every change shows at once."""

import os
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import CacheKeyWarning
from django.core.management import call_command

from claims import cache as comparison_cache
from claims.models import Claim, Question
from claims.resources import ClaimResource

pytestmark = pytest.mark.django_db

URL = "/questions/unrest-death-toll/"
PROJECT = Path(__file__).resolve().parent.parent

needs_redis = pytest.mark.skipif(
    not settings.CACHE_URL.startswith("redis"),
    reason="needs a shared Redis cache: set CACHE_URL=redis://127.0.0.1:6379/<n>",
)


def page(client) -> str:
    return client.get(URL).content.decode()


def test_a_cached_comparison_runs_no_query(client, django_assert_num_queries, claim_164):
    # Expect 3 queries the first time:
    # * the question with its event and its editors' verdict
    # * its claims with their sources, outlets, actors, places and measures
    # * their relations to each other
    with django_assert_num_queries(3):
        first = client.get(URL)
    # and none while nothing it shows has changed
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content.decode().count(">164<") == first.content.decode().count(">164<") > 0


def test_a_cached_comparison_keeps_its_title_and_the_language_form(client, claim_164):
    client.get(URL)
    response = client.get(URL)
    text = response.content.decode()
    assert "<title>How many people died in the January 2022 unrest? · Dossier</title>" in text
    assert 'name="csrfmiddlewaretoken"' in text


def test_claim_changes_show_at_once(client, claim_164, claim_225):
    assert ">164<" in page(client)
    claim_164.stated_value = "165"
    claim_164.save()
    assert ">165<" in page(client)
    claim_225.delete()
    assert "mindestens 225" not in page(client)


def test_a_claim_moved_to_another_question_leaves_the_old_page(client, claim_164, unrest):
    other = Question.objects.create(
        event=unrest, slug="injured", text_en="How many injured?", text_de="Wie viele Verletzte?",
        value_type=Question.ValueType.COUNT,
    )  # fmt: skip
    assert ">164<" in page(client)
    claim_164.question = other
    claim_164.save()
    assert ">164<" not in page(client)
    assert ">164<" in client.get("/questions/injured/").content.decode()


def test_source_and_outlet_changes_show_at_once(client, claim_164, tagesblatt):
    page(client)
    source = claim_164.source
    source.title = "Neue Bilanz"
    source.save()
    assert "Neue Bilanz" in page(client)
    tagesblatt.name = "Tagesblatt am Abend"
    tagesblatt.save()
    assert "Tagesblatt am Abend" in page(client)


def test_actor_and_place_changes_show_at_once(client, claim_164, government, kazakhstan):
    page(client)
    government.name = "Kazakh government"
    government.save()
    text = page(client)
    assert "Kazakh government" in text and "Government of Kazakhstan" not in text
    # a place named as an answer
    question = claim_164.question
    question.value_type = Question.ValueType.PLACE
    question.save()
    Claim.objects.filter(pk=claim_164.pk).update(
        bound="", value=None, value_min=None, value_max=None, place=kazakhstan
    )
    question.refresh_analysis()
    assert "Kazakhstan" in page(client)
    kazakhstan.name = "Qazaqstan"
    kazakhstan.save()
    assert "Qazaqstan" in page(client)


def test_question_and_event_changes_show_at_once(client, claim_164, death_toll, unrest):
    page(client)
    death_toll.text_en = "How many died?"
    death_toll.save()
    text = page(client)
    assert "<h1>How many died?</h1>" in text and "<title>How many died? · Dossier" in text
    unrest.name = "The January events"
    unrest.save()
    assert "The January events" in page(client)


def test_a_renamed_question_leaves_its_old_address(client, claim_164, death_toll):
    page(client)
    death_toll.slug = "deaths"
    death_toll.save()
    assert client.get(URL).status_code == 404
    assert client.get("/questions/deaths/").status_code == 200


def test_a_deleted_question_is_gone_at_once(client, claim_164, death_toll):
    page(client)
    death_toll.delete()
    assert client.get(URL).status_code == 404


def test_a_slug_too_long_for_any_question_is_not_found_without_a_cache_key(client):
    # Memcached refuses keys over 250 characters; Django warns of them on every cache.
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        assert client.get(f"/questions/{'9' * 300}/").status_code == 404


def test_bulk_updates_show_once_refresh_analysis_runs(client, claim_164):
    page(client)
    # A bulk update sends no signals; whoever makes it refreshes the analysis.
    figure = Decimal(170)
    Claim.objects.filter(pk=claim_164.pk).update(
        stated_value="170", value=figure, value_min=figure, value_max=figure
    )
    Question.objects.filter(pk=claim_164.question_id).refresh_analysis()
    assert ">170<" in page(client)


def test_analyse_questions_bumps_what_it_analyses(client, claim_164):
    page(client)
    Claim.objects.filter(pk=claim_164.pk).update(quote_translation="164 dead, officially.")
    call_command("analyse_questions", "unrest-death-toll", stdout=open(os.devnull, "w"))
    assert "164 dead, officially." in page(client)


def import_claim_225(report_225, officials):
    """The admin's import of one row: the 225 of the second report."""
    row = {
        "question_slug": "unrest-death-toll",
        "source": report_225.title,
        "actor": officials.name,
        "stated_value": "mindestens 225",
        "value": "225",
        "bound": "at_least",
        "quote": "Offiziellen Angaben zufolge starben mindestens 225 Menschen.",
    }
    dataset = tablib.Dataset(headers=list(row))
    dataset.append(list(row.values()))
    result = ClaimResource().import_data(dataset)
    assert not result.has_errors() and not result.has_validation_errors()


def test_an_import_shows_at_once(client, claim_164, report_225, officials):
    assert "mindestens 225" not in page(client)
    import_claim_225(report_225, officials)
    assert "mindestens 225" in page(client)


def test_each_language_is_cached_apart(client, claim_164):
    page(client)
    client.cookies["django_language"] = "de"
    assert "Wie viele Menschen starben bei den Unruhen im Januar 2022?" in page(client)
    client.cookies["django_language"] = "en"
    assert "How many people died in the January 2022 unrest?" in page(client)


def test_a_lost_version_is_a_miss_not_a_stale_page(client, claim_164, death_toll):
    page(client)
    cache.delete(comparison_cache.version_key(death_toll.pk))
    Claim.objects.filter(pk=claim_164.pk).update(stated_value="166")
    assert ">166<" in page(client)


@needs_redis
def test_the_cache_is_redis_when_cache_url_names_it():
    import redis

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    cache.set("dossier-test", "shared")
    assert redis.Redis.from_url(settings.CACHE_URL).exists(cache.make_key("dossier-test"))


def another_server(url: str) -> subprocess.CompletedProcess:
    """A second app server process over the same cache, whose database lacks the question."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        f"response = Client().get({url!r})\n"
        "print(response.status_code)\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "dossier.settings",
        "CACHE_URL": settings.CACHE_URL,
        "ALLOWED_HOSTS": "testserver",
        # its own empty database: it can only answer the question from the shared cache
        "DATABASE_URL": "sqlite:///:memory:",
    }
    return subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, env=env, capture_output=True, text=True
    )


@needs_redis
def test_another_server_serves_the_page_from_the_shared_cache(client, claim_164):
    page(client)
    result = another_server(URL)
    assert result.stdout.strip() == "200", result.stderr[-2000:]
    # a change made here outdates the page there
    claim_164.stated_value = "165"
    claim_164.save()
    result = another_server(URL)
    assert result.stdout.strip() != "200"
    assert "no such table" in result.stderr


def test_the_cached_front_page_runs_no_query_and_shows_every_change_at_once(
    client, django_assert_num_queries, death_toll, claim_164, claim_225
):
    Question.objects.filter(pk=death_toll.pk).refresh_analysis()
    assert "164 – 225+" in client.get("/").content.decode()
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200
    death_toll.text_en = "How many people died in the unrest?"
    death_toll.save()
    assert "How many people died in the unrest?" in client.get("/").content.decode()
    claim_164.delete()  # the analysis is refreshed as the admin and imports do
    Question.objects.filter(pk=death_toll.pk).refresh_analysis()
    front = client.get("/").content.decode()
    assert "164 – 225+" not in front and "225+" in front
    Question.objects.create(
        event=death_toll.event, slug="new-question", text_en="A new question?", text_de="Neu?"
    )
    front = client.get("/").content.decode()
    assert "A new question?" in front and "2 questions" in front


def test_the_api_question_list_is_kept_until_a_question_changes(
    client, django_assert_num_queries, death_toll, claim_164, claim_225
):
    first = client.get("/api/questions/").json()
    with django_assert_num_queries(0):
        assert client.get("/api/questions/").json() == first
    claim_164.stated_value = "mindestens 164"
    claim_164.save()
    [question] = client.get("/api/questions/").json()["results"]
    assert "mindestens 164" in {claim["stated_value"] for claim in question["claims"]}
    death_toll.text_en = "How many people died in the unrest?"
    death_toll.save()
    [question] = client.get("/api/questions/").json()["results"]
    assert question["text_en"] == "How many people died in the unrest?"
