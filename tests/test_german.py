"""German pages show the German version of every model text that has one.

Loops over the demo dossier: where an object carries a German text, its German
page shows it and not the English one; English pages are as they were.
"""

import html
import math
import re
from decimal import Decimal

import pytest
from django.utils.translation import override

from claims.analysis import format_figure
from claims.answer_pages import ANSWERS_PER_PAGE
from claims.models import Claim, Event, Question
from claims.text import shorten
from sources.models import Actor, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(demo_for_module):
    """The demo dossier, loaded once for the module."""


@pytest.fixture
def german(client):
    client.cookies["django_language"] = "de"
    return client


def visible_text(client, url: str) -> str:
    """What a reader sees of the page: its text without tags, titles and attributes."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    page = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def shows(text: str, wanted: str) -> bool:
    # Tags became spaces, so spacing is not compared: "<mark>OVKS</mark>." reads "OVKS ."
    return "".join(wanted.split()) in "".join(text.split())


def check(text: str, obj, fields: list[str], where: str) -> int:
    """The German texts are shown and the English ones are not; how many were checked."""
    checked = 0
    for field in fields:
        english, german = getattr(obj, field), getattr(obj, f"{field}_de")
        if not english or not german or english == german:
            continue
        assert shows(text, german), f"{where}: German {field} of {obj!r} missing"
        if english not in german:
            pattern = r"(?<!\w)" + re.escape(" ".join(english.split())) + r"(?!\w)"
            assert not re.search(pattern, " ".join(text.split())), (
                f"{where}: English {field} of {obj!r} shown: {english!r}"
            )
        checked += 1
    return checked


def test_every_comparison_page_shows_the_german_texts(german, dossier):
    checked = 0
    for question in Question.objects.all():
        url = question.get_absolute_url()
        # A question with more answers than a page holds shows them on pages: read them all.
        pages = math.ceil(question.claims.count() / ANSWERS_PER_PAGE)
        more = [f"{url}?page={number}" for number in range(2, pages + 1)]
        text = " ".join(visible_text(german, page) for page in [url, *more])
        checked += check(text, question, ["unit", "scope_note", "editorial_note"], question.slug)
        checked += check(text, question.event, ["name"], question.slug)
        for claim in question.claims.all():
            checked += check(text, claim, ["text_value", "scope", "notes"], question.slug)
    assert checked > 300


def test_event_source_and_actor_pages_show_the_german_texts(german, dossier):
    checked = 0
    for event in Event.objects.all():
        text = visible_text(german, event.get_absolute_url())
        checked += check(text, event, ["name", "description"], event.slug)
    for source in Source.objects.all():
        text = visible_text(german, source.get_absolute_url())
        checked += check(text, source, ["stance_notes", "reliability_notes"], source.slug)
    for actor in Actor.objects.all():
        text = visible_text(german, actor.get_absolute_url())
        checked += check(text, actor, ["description"], actor.slug)
    assert checked > 90


def test_index_shows_german_event_names_answers_and_units(german, dossier):
    checked = 0
    page = 1
    while True:
        response = german.get(f"/?page={page}")
        if response.status_code != 200:
            break
        text = visible_text(german, f"/?page={page}")
        for question in response.context["page"].object_list:
            checked += check(text, question.event, ["name"], "index")
            # long summaries are cut at a word, the whole in a tooltip
            summary = question.answer_summary_de or question.answer_summary
            assert shows(text, shorten(summary, 80))
        page += 1
        if page > 10:
            break
    assert checked > 20
    assert shows(visible_text(german, "/"), "ja") or shows(visible_text(german, "/?page=2"), "ja")


def test_search_shows_german_event_names_and_descriptions(german, dossier):
    text = visible_text(german, "/search/?q=CSTO")
    event = Event.objects.get(slug="csto-founding")
    assert check(text, event, ["name", "description"], "search") == 2


def test_german_dates_and_answers(german, dossier):
    text = visible_text(german, "/questions/unrest-arrests/")
    assert "6. Januar 2022" in text and "Jan. 6, 2022" not in text
    text = visible_text(german, "/questions/csto-deployment-requested-by-kazakhstan/")
    assert re.search(r"(?<!\w)ja(?!\w)", text) and not re.search(r"(?<!\w)yes(?!\w)", text)


def test_german_decimal_mark_and_unchanged_english():
    with override("de"):
        assert format_figure(Decimal("1234567.25")) == "1\u202f234\u202f567,25"
    with override("en"):
        assert format_figure(Decimal("1234567.25")) == "1\u202f234\u202f567.25"


def test_german_quote_shows_no_translation_in_german_mode(client, german, dossier):
    claim = Claim.objects.filter(source__language="de").exclude(quote_translation="").first()
    url = claim.question.get_absolute_url()
    assert shows(visible_text(german, url), claim.quote)
    assert not shows(visible_text(german, url), claim.quote_translation)
    client.cookies["django_language"] = "en"
    assert shows(visible_text(client, url), claim.quote_translation)


def test_english_pages_keep_the_english_texts(client, dossier):
    event = Event.objects.get(slug="kazakhstan-unrest-2022")
    text = visible_text(client, event.get_absolute_url())
    assert shows(text, event.name) and not shows(text, event.name_de)
    question = Question.objects.get(slug="unrest-death-toll")
    text = visible_text(client, question.get_absolute_url())
    assert shows(text, question.scope_note) and not shows(text, question.scope_note_de)
