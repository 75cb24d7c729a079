"""The comparison page is kept as rendered: a hit runs one query, and every change said out
loud (pages.changes) shows at once."""

import os
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import CacheKeyWarning
from django.core.management import call_command

from claims.models import Claim, Question
from claims.resources import ClaimResource
from pages.changes import changed, changed_objects
from tests.publishing import publish_all

pytestmark = pytest.mark.django_db

URL = "/questions/unrest-death-toll/"
PROJECT = Path(__file__).resolve().parent.parent

needs_redis = pytest.mark.skipif(
    not settings.CACHE_URL.startswith("redis"),
    reason="needs a shared Redis cache: set CACHE_URL=redis://127.0.0.1:6379/<n>",
)


def page(client) -> str:
    return client.get(URL).content.decode()


def test_a_kept_comparison_runs_one_query(client, django_assert_num_queries, claim_164):
    # Expect 4 queries the first time:
    # * the question with its event and its editors' verdict
    # * its claims with their sources, outlets, actors, places and measures
    # * their relations to each other
    # * the versions of what it shows, in the same snapshot of the database
    with django_assert_num_queries(4):
        first = client.get(URL)
    # and one while nothing it shows has changed: those versions, unchanged
    with django_assert_num_queries(1):
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
    changed_objects(claim_164)
    assert ">165<" in page(client)
    renewals = claim_225.renews()
    claim_225.delete()
    changed(**renewals)
    assert "mindestens 225" not in page(client)


def test_source_and_outlet_changes_show_at_once(client, claim_164, tagesblatt):
    page(client)
    source = claim_164.source
    source.title = "Neue Bilanz"
    source.save()
    changed_objects(source)
    assert "Neue Bilanz" in page(client)
    tagesblatt.name = "Tagesblatt am Abend"
    tagesblatt.save()
    changed_objects(tagesblatt)
    assert "Tagesblatt am Abend" in page(client)


def test_actor_and_place_changes_show_at_once(client, claim_164, government, kazakhstan):
    page(client)
    government.name = "Kazakh government"
    government.save()
    changed_objects(government)
    text = page(client)
    assert "Kazakh government" in text and "Government of Kazakhstan" not in text
    # a place named as an answer
    question = claim_164.question
    question.value_type = Question.ValueType.PLACE
    question.save()
    changed_objects(question)
    Claim.objects.filter(pk=claim_164.pk).update(
        bound="", value=None, value_min=None, value_max=None, place=kazakhstan
    )
    question.refresh_analysis()
    assert "Kazakhstan" in page(client)
    kazakhstan.name = "Qazaqstan"
    kazakhstan.save()
    changed_objects(kazakhstan)
    assert "Qazaqstan" in page(client)


def test_question_and_event_changes_show_at_once(client, claim_164, death_toll, unrest):
    page(client)
    death_toll.text_en = "How many died?"
    death_toll.save()
    changed_objects(death_toll)
    text = page(client)
    assert "<h1>How many died?</h1>" in text and "<title>How many died? · Dossier" in text
    unrest.name = "The January events"
    unrest.save()
    changed_objects(unrest)
    assert "The January events" in page(client)


def test_a_renamed_question_leaves_its_old_address(client, claim_164, death_toll):
    page(client)
    death_toll.slug = "deaths"
    death_toll.save()
    changed_objects(death_toll)
    assert client.get(URL).status_code == 404
    assert client.get("/questions/deaths/").status_code == 200


def test_a_deleted_question_is_gone_at_once(client, claim_164, death_toll):
    page(client)
    renewals = death_toll.renews()
    death_toll.delete()
    changed(**renewals)
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


def import_claim_225(report_225, officials, **cells):
    """The admin's import of one row: the 225 of the second report."""
    row = {
        "question_slug": "unrest-death-toll",
        "source": report_225.title,
        "actor": officials.name,
        "stated_value": "mindestens 225",
        "value": "225",
        "bound": "at_least",
        "quote": "Offiziellen Angaben zufolge starben mindestens 225 Menschen.",
    } | cells
    dataset = tablib.Dataset(headers=list(row))
    dataset.append(list(row.values()))
    result = ClaimResource().import_data(dataset)
    assert not result.has_errors() and not result.has_validation_errors()


def test_an_import_shows_at_once(client, claim_164, report_225, officials):
    assert "mindestens 225" not in page(client)
    import_claim_225(report_225, officials)
    assert "mindestens 225" not in page(client)  # a draft, until a reviewer publishes it
    publish_all(Claim.objects.all())
    assert "mindestens 225" in page(client)
    # An import that changes the published claim, a correction, shows at once too.
    import_claim_225(report_225, officials, notes="Official figures, August 2022.")
    assert "Official figures, August 2022." in page(client)


def test_each_language_is_cached_apart(client, claim_164):
    page(client)
    client.cookies["django_language"] = "de"
    assert "Wie viele Menschen starben bei den Unruhen im Januar 2022?" in page(client)
    client.cookies["django_language"] = "en"
    assert "How many people died in the January 2022 unrest?" in page(client)


@needs_redis
def test_the_cache_is_redis_when_cache_url_names_it():
    import redis

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    cache.set("dossier-test", "shared")
    assert redis.Redis.from_url(settings.CACHE_URL).exists(cache.make_key("dossier-test"))


def test_the_cached_front_page_runs_no_query_and_shows_every_change_at_once(
    client, django_assert_num_queries, death_toll, claim_164, claim_225
):
    Question.objects.filter(pk=death_toll.pk).refresh_analysis()
    assert "164 – 225+" in client.get("/").content.decode()
    # Expect 1 query: the versions
    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200
    death_toll.text_en = "How many people died in the unrest?"
    death_toll.save()
    changed_objects(death_toll)
    assert "How many people died in the unrest?" in client.get("/").content.decode()
    renewals = claim_164.renews()
    claim_164.delete()  # the analysis is refreshed as the admin and imports do
    changed(**renewals)
    Question.objects.filter(pk=death_toll.pk).refresh_analysis()
    front = client.get("/").content.decode()
    assert "164 – 225+" not in front and "225+" in front
    changed_objects(
        Question.objects.create(
            status="published",
            event=death_toll.event,
            slug="new-question",
            text_en="A new question?",
            text_de="Neu?",
        )
    )
    front = client.get("/").content.decode()
    assert "A new question?" in front and "2 questions" in front


def test_the_api_question_list_is_kept_until_a_question_changes(
    client, django_assert_num_queries, death_toll, claim_164, claim_225
):
    first = client.get("/api/questions/").json()
    # Expect 1 query: the versions
    with django_assert_num_queries(1):
        assert client.get("/api/questions/").json() == first
    claim_164.stated_value = "mindestens 164"
    claim_164.save()
    changed_objects(claim_164)
    [question] = client.get("/api/questions/").json()["results"]
    assert "mindestens 164" in {claim["stated_value"] for claim in question["claims"]}
    death_toll.text_en = "How many people died in the unrest?"
    death_toll.save()
    changed_objects(death_toll)
    [question] = client.get("/api/questions/").json()["results"]
    assert question["text_en"] == "How many people died in the unrest?"
