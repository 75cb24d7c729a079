"""Findable questions: keywords, search pages, filters by name, labelled inputs.

Searches of the demo dossier are in tests/test_findable_demo.py.
"""

from html.parser import HTMLParser

import pytest

from claims.models import Event, Question

pytestmark = pytest.mark.django_db


def test_keywords_are_tidied_where_editors_enter_them(editor_client, unrest):
    response = editor_client.post(
        "/admin/claims/question/add/",
        {
            "event": unrest.pk,
            "slug": "injured",
            "text_en": "How many were injured?",
            "text_de": "Wie viele wurden verletzt?",
            "value_type": "count",
            "keywords": " injured,,wounded ,  injured ",
            "keywords_de": "Verletzte,   Verwundete,",
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
            "verdict-TOTAL_FORMS": "0",
            "verdict-INITIAL_FORMS": "0",
            "measures-TOTAL_FORMS": "0",
            "measures-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(slug="injured")
    assert (question.keywords, question.keywords_de) == (
        "injured, wounded",
        "Verletzte, Verwundete",
    )


@pytest.mark.parametrize(
    "query",
    [
        "event=kazakhstan-unrest-2022",
        "event=January 2022 unrest in Kazakhstan",
        "event=january 2022 UNREST in kazakhstan",
        "actor=government",
        "actor=Government of Kazakhstan",
        "outlet=Tagesblatt",
        "source=Unruhen in Kasachstan",
    ],
)
def test_filters_take_a_name_or_a_slug(client, claim_164, query):
    claim_164.question.refresh_analysis()
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert "How many people died" in response.content.decode()


def test_an_unknown_name_is_a_bad_request(client, claim_164):
    response = client.get("/?actor=Nobody at all")
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


def test_name_inputs_suggest_names_with_their_slugs(client, claim_164, tokayev):
    result = client.get("/suggest/actor/", {"q": "toka"}).json()["results"]
    assert result == [{"slug": "kassym-jomart-tokayev", "name": "Kassym-Jomart Tokayev"}]
    outlets = client.get("/suggest/outlet/", {"q": ""}).json()["results"]
    assert outlets == [{"slug": "tagesblatt", "name": "Tagesblatt"}]  # outlets only
    events = client.get("/suggest/event/", {"q": "unrest"}).json()["results"]
    assert [event["slug"] for event in events] == [Event.objects.get().slug]
    sources = client.get("/suggest/source/", {"q": "unruhen"}).json()["results"]
    assert sources == [{"slug": "unruhen-in-kasachstan", "name": "Unruhen in Kasachstan"}]
    assert client.get("/suggest/users/").status_code == 404
    page = client.get("/").content.decode()
    assert 'list="suggest-actor"' in page and '<datalist id="suggest-actor">' in page


class Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs, self.labels = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
        ):
            self.inputs.append(attrs)
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])


@pytest.mark.parametrize("url", ["/", "/search/", "/search/?q=Almaty"])
def test_every_input_has_a_label(client, claim_164, url):
    parser = Inputs()
    parser.feed(client.get(url).content.decode())
    assert parser.inputs
    for attrs in parser.inputs:
        assert attrs.get("aria-label") or attrs.get("id") in parser.labels, attrs


def test_long_answer_summaries_are_cut_at_a_word_with_an_ellipsis(client, unrest):
    Question.objects.create(
        status="published",
        event=unrest,
        slug="long",
        text_en="Who?",
        text_de="Wer?",
        value_type="text",
        answer_summary="word " * 30,
    )
    page = client.get("/").content.decode()
    assert f'title="{"word " * 30}"' in page
    assert ">" + "word " * 15 + "word…<" in page.replace("\n", "")
