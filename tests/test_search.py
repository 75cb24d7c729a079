"""Search finds what analysts type, in every spelling the sources use."""

import datetime

import pytest
from django.db import connection

from claims.models import Claim, Question
from pages.changes import changed
from search.engine import MAX_QUERY_LENGTH
from sources.models import Actor, Source

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming and trigrams need PostgreSQL"
)


@pytest.fixture
def dossier(unrest, tokayev):
    """Sources that spell names their own way."""
    tokayev.aliases.create(name="Toqajew", kind="transliteration")
    nazarbayev = Actor.objects.create(kind="person", name="Nursultan Nazarbayev", slug="naz")
    nazarbayev.aliases.create(name="Nasarbajew", kind="transliteration", language="de")
    zhanaozen = Actor.objects.create(kind="place", name="Zhanaozen", slug="zhanaozen")
    zhanaozen.aliases.create(name="Schangaösen", language="de")
    zhanaozen.aliases.create(name="Zanauzin")
    csto = Actor.objects.create(
        kind="organisation", name="Collective Security Treaty Organization", slug="csto"
    )
    csto.aliases.create(name="CSTO", kind="abbreviation")
    csto.aliases.create(name="OVKS", kind="abbreviation", language="de")
    source = Source.objects.create(
        status="published",
        text_public=True,
        title="Proteste in Kasachstan",
        slug="proteste",
        kind="news_report",
        language="de",
        published_on=datetime.date(2022, 1, 7),
        published_precision="day",
        text=(
            "Von der Stadt Schangaösen breiteten sich die Proteste aus. Präsident Tokajew "
            "bat die OVKS um Hilfe. Nasarbajew schwieg. In Zanauzin begann es."
        ),
    )
    start = Question.objects.create(
        status="published",
        event=unrest,
        slug="unrest-start-place",
        text_en="Where did the protests begin?",
        text_de="Wo begannen die Proteste?",
        value_type="place",
    )
    for spelling in ["Schangaösen", "Zanauzin"]:
        Claim.objects.create(
            status="published",
            question=start,
            source=source,
            stated_value=spelling,
            place=zhanaozen,
            quote=spelling,
        )
    helped = Question.objects.create(
        status="published",
        event=unrest,
        slug="csto-request",
        text_en="Did Tokayev ask the CSTO for help?",
        text_de="Bat Tokajew die OVKS um Hilfe?",
        value_type="yes_no",
    )
    Claim.objects.create(
        status="published",
        question=helped,
        source=source,
        actor=tokayev,
        attribution="paraphrase",
        stated_value="bat die OVKS um Hilfe",
        boolean_value=True,
        quote="Präsident Tokajew bat die OVKS um Hilfe.",
    )
    Claim.objects.create(
        status="published",
        question=helped,
        source=source,
        stated_value="schwieg",
        boolean_value=False,
        quote="Nasarbajew schwieg.",
    )
    return source


def found(client, query) -> dict[str, list[str]]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return {
        result.kind: sorted(str(item.pk) for item in result.items)
        for result in response.context["results"]
    }


@pytest.mark.parametrize(
    "spellings",
    [
        ("Tokayev", "Tokajew", "Toqajew"),
        ("Nazarbayev", "Nasarbajew"),
        ("Zhanaozen", "Schangaösen", "Zanauzin", "schangaosen", "ZHANAOZEN"),
        ("CSTO", "OVKS", "ovks"),
    ],
)
def test_every_spelling_finds_the_same(client, dossier, spellings):
    results = [found(client, spelling) for spelling in spellings]
    assert results[0]["claims"], f"{spellings[0]} found no claims"
    assert all(result == results[0] for result in results[1:])


def test_a_place_finds_claims_that_name_it_in_any_spelling(client, dossier):
    response = client.get("/search/", {"q": "Zhanaozen"})
    claims = response.context["results"][1]
    assert {claim.stated_value for claim in claims.items} == {"Schangaösen", "Zanauzin"}
    assert claims.total == 2


def test_results_are_grouped_by_kind_with_counts_and_links(client, dossier):
    page = client.get("/search/", {"q": "Tokajew"}).content.decode()
    for heading in ["Questions", "Claims", "Sources", "Actors and places", "Events"]:
        assert heading in page
    assert 'href="/questions/csto-request/"' in page
    assert 'href="/sources/proteste/"' in page
    assert 'href="/actors/kassym-jomart-tokayev/"' in page
    assert "<mark>Tokajew</mark>" in page
    assert "Also searched as" in page and "Tokayev" in page  # the name's other spellings


def test_a_word_with_no_other_spelling_says_none(client, dossier):
    page = client.get("/search/", {"q": "Proteste"}).content.decode()
    assert "Also searched as" not in page


def test_matched_text_is_highlighted_and_escaped(client, dossier, death_toll):
    dossier.text = "<script>alert('Tokajew')</script> " + dossier.text
    dossier.save()
    page = client.get("/search/", {"q": "Tokajew"}).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;<mark>Tokajew</mark>&#x27;)&lt;/script&gt;" in page


def test_question_text_ranks_above_question_notes(client, dossier, unrest):
    Question.objects.create(
        status="published",
        event=unrest,
        slug="noted",
        text_en="How many troops came?",
        text_de="Wie viele Soldaten kamen?",
        value_type="count",
        scope_note="Soldiers of the OVKS",
    )
    questions = client.get("/search/", {"q": "OVKS"}).context["results"][0].items
    assert [q.slug for q in questions] == ["csto-request", "noted"]


def test_every_word_must_match(client, dossier):
    assert found(client, "Tokajew Hilfe")["claims"]
    assert not found(client, "Tokajew Panzer")["claims"]


@on_postgres
def test_german_stemming_finds_proteste_from_protest(client, dossier):
    assert found(client, "Protest")["sources"] == found(client, "Proteste")["sources"] != []


@on_postgres
def test_near_spellings_of_names_match_by_trigrams(client, dossier):
    assert found(client, "Tokaev")["claims"] == found(client, "Tokayev")["claims"]


def test_empty_query_shows_help(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Names match in every spelling the sources use" in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("x" * (MAX_QUERY_LENGTH + 1), f"at most {MAX_QUERY_LENGTH} characters"),
        ("Tokajew\x00", "The address contains control characters"),
    ],
)
def test_bad_queries_get_a_clear_message(client, query, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_index_search_combines_with_filters(client, dossier):
    for question in Question.objects.all():
        question.refresh_analysis()
    page = client.get("/", {"q": "Zanauzin"}).content.decode()
    assert "Where did the protests begin?" in page  # through its claims
    assert "Did Tokayev ask the CSTO for help?" not in page
    page = client.get("/", {"q": "Zhanaozen", "value_type": "yes_no"}).content.decode()
    assert "Where did the protests begin?" not in page


def test_search_runs_a_fixed_number_of_queries(client, dossier, django_assert_num_queries):
    # Expect 8 queries:
    # * the actors the words name, with their aliases
    # * the best questions, actors and events, each with its total
    # * the best claims and sources with their totals, then those claims with their
    #   questions and sources, and those sources with their outlets
    # * the versions of what it shows (pages/kept.py), read once it is built
    with django_assert_num_queries(9):
        client.get("/search/", {"q": "Tokajew"})


def test_a_word_in_angle_brackets_is_found_on_every_database(client, dossier, death_toll):
    """PostgreSQL's parser reads `<script>` as a tag; the search reads it as a word."""
    source = Source.objects.create(
        status="published",
        text_public=True,
        title="Quellcode <script>",
        slug="quellcode",
        kind="news_report",
        text="Die Seite enthielt <script>alert(1)</script> und <b>fett</b>.",
    )
    claim = Claim.objects.create(
        status="published",
        question=death_toll,
        source=Source.objects.get(slug="proteste"),
        stated_value="<script>",
        bound="vague",
        quote="<script> Tokajew",
    )
    script, fett = found(client, "script"), found(client, "fett")
    assert script["sources"] == fett["sources"] == [str(source.pk)]
    assert script["claims"] == [str(claim.pk)]


def test_a_question_is_found_by_its_new_words_once_edited_and_after_a_refresh(
    client, dossier, unrest
):
    """The questions' search document follows every edit of their texts (on PostgreSQL
    a trigger keeps it, and leaves it alone when only the analysis is rewritten)."""
    question = Question.objects.create(
        status="published",
        event=unrest,
        slug="troops",
        text_en="How many soldiers came?",
        text_de="?",
        value_type="count",
    )
    assert found(client, "soldiers")["questions"] == [str(question.pk)]
    question.text_en = "How many paratroopers came?"
    question.keywords = "airborne"
    question.save()
    Question.objects.filter(pk=question.pk).refresh_analysis()
    assert found(client, "soldiers")["questions"] == []
    assert found(client, "paratroopers")["questions"] == [str(question.pk)]
    assert found(client, "airborne")["questions"] == [str(question.pk)]


ENGLISH_QUOTE = "Dozens of protesters were killed in Almaty, officials said."


@pytest.fixture
def english_report(claim_164, report_164):
    """The death toll's claim, quoted from a source in English."""
    Source.objects.filter(pk=report_164.pk).update(language="en", text=ENGLISH_QUOTE)
    Claim.objects.filter(pk=claim_164.pk).update(quote=ENGLISH_QUOTE)
    return report_164


@on_postgres
def test_a_source_and_its_quotes_are_stemmed_in_the_sources_language(client, english_report):
    """English words stemmed as English: "killing" finds "were killed", which German
    stemming (every source's until now) kept apart."""
    results = found(client, "killing")
    assert results["sources"] == [str(english_report.pk)]
    assert len(results["claims"]) == 1


@on_postgres
def test_a_source_whose_language_changes_has_its_quotes_stemmed_anew(
    client, english_report, claim_164
):
    Source.objects.filter(pk=english_report.pk).update(language="de")
    changed(sources=[english_report.pk], questions=[claim_164.question_id])
    assert found(client, "killing")["claims"] == []
    Source.objects.filter(pk=english_report.pk).update(language="en")
    changed(sources=[english_report.pk], questions=[claim_164.question_id])
    assert len(found(client, "killing")["claims"]) == 1


@on_postgres
def test_queries_are_stemmed_in_each_of_the_dossiers_languages(client, settings, claim_164):
    """A French team's sources are stemmed as French, and so are its searches."""
    quote = "Les manifestations ont gagné Almaty."
    Source.objects.filter(pk=claim_164.source_id).update(language="fr", text=quote)
    Claim.objects.filter(pk=claim_164.pk).update(quote=quote)
    settings.DOSSIER_LANGUAGES = ["en", "de"]
    assert found(client, "gagnait")["claims"] == []  # "was winning": a French stem only
    settings.DOSSIER_LANGUAGES = ["fr", "en", "de"]
    changed()
    assert len(found(client, "gagnait")["claims"]) == 1
