"""A source's language is what its text is: its figures, dates and quotation marks follow it;
a question needs its text only in the dossier's first language."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import Context, Template
from django.urls import reverse

from claims.models import Claim, Question
from sources.models import Source
from tests.publishing import publish

pytestmark = pytest.mark.django_db

ENGLISH = (
    "Officials said 1,400 people were detained on January 5, 2022. "
    "Rights groups counted more than 2,200 arrests."
)
GERMAN = (
    "Die Behörden meldeten 1.400 Festnahmen am 5. Januar 2022. Der Schaden: 2,5 Millionen Euro."
)


def source_in(language: str, text: str, slug: str) -> Source:
    return Source.objects.create(
        status="published",
        text_public=True,
        title=slug,
        slug=slug,
        kind=Source.Kind.NEWS_REPORT,
        language=language,
        text=text,
        published_on=datetime.date(2022, 1, 10),
        published_precision="day",
    )


def proposed(admin_client, source, figure: str) -> dict:
    """The claim form's prefill for the figure's passage, as the reading view links it."""
    start = source.text.index(figure)
    url = reverse("admin:sources_source_read_claim", args=[source.pk])
    params = {"start": 0, "end": len(source.text), "at": start}
    response = admin_client.get(url, params)
    assert response.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}


def test_an_english_passage_is_read_as_english(admin_client):
    source = source_in("en", ENGLISH, "english-report")
    assert proposed(admin_client, source, "1,400")["value"] == "1400"
    more = proposed(admin_client, source, "more than 2,200")
    assert (more["bound"], more["value_min"]) == ("more_than", "2200")
    date = proposed(admin_client, source, "January 5, 2022")
    assert (date["date_value"], date["date_precision"]) == ("2022-01-05", "day")


def test_a_german_passage_is_read_as_german(admin_client):
    source = source_in("de", GERMAN, "german-report")
    assert proposed(admin_client, source, "1.400")["value"] == "1400"
    assert Decimal(proposed(admin_client, source, "2,5 Millionen")["value"]) == 2_500_000
    date = proposed(admin_client, source, "5. Januar 2022")
    assert date["date_value"] == "2022-01-05"


def test_the_reading_view_lists_an_english_sources_figures_as_english(admin_client):
    source = source_in("en", ENGLISH, "english-report")
    page = admin_client.get(reverse("admin:sources_source_read", args=[source.pk]))
    figures = [item["figure"] for item in page.context["unclaimed"]]
    assert {figure.stated_value: figure.value for figure in figures if figure.value} == {
        "1,400": 1400,
        "more than 2,200": 2200,
    }


def test_a_new_sources_language_is_chosen_not_defaulted(admin_client):
    form = admin_client.get(reverse("admin:sources_source_add")).context["adminform"].form
    assert form["language"].value() in (None, "")
    assert [tag for tag, _label in form.fields["language"].choices] == ["", "en", "de"]
    response = admin_client.post(
        reverse("admin:sources_source_add"),
        {"title": "A report", "slug": "a-report", "kind": "news_report", "text": "Some text."},
    )
    assert response.status_code == 200
    assert "language" in response.context["adminform"].form.errors
    assert not Source.objects.exists()


def test_the_dossiers_languages_are_a_setting(admin_client, settings):
    settings.DOSSIER_LANGUAGES = ["en", "fr"]
    form = admin_client.get(reverse("admin:sources_source_add")).context["adminform"].form
    assert [tag for tag, _label in form.fields["language"].choices] == ["", "en", "fr"]


def test_a_source_in_another_language_keeps_it(admin_client):
    source = source_in("kk-Cyrl", "Мәтін.", "kazakh")
    url = reverse("admin:sources_source_change", args=[source.pk])
    form = admin_client.get(url).context["adminform"].form
    assert "kk-Cyrl" in [tag for tag, _label in form.fields["language"].choices]


def test_a_question_in_the_first_language_only_is_saved_and_shown_in_both(
    admin_client, client, unrest
):
    response = admin_client.post(
        reverse("admin:claims_question_add"),
        {
            "event": unrest.pk,
            "slug": "arrests",
            "text_en": "How many people were arrested?",
            "text_de": "",
            "value_type": "count",
            "confirm_new": "on",
            "verdict-TOTAL_FORMS": 0,
            "verdict-INITIAL_FORMS": 0,
            "measures-TOTAL_FORMS": 0,
            "measures-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    question = Question.objects.get(slug="arrests")
    assert question.text_de == ""
    # a draft, as all work added in the admin; readers see it once a reviewer publishes it
    assert question.status == "draft"
    publish(question)
    for language in ("en", "de"):
        page = client.get("/questions/arrests/", HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200
        assert "How many people were arrested?" in page.content.decode()


def test_a_question_needs_its_first_languages_text(unrest, settings):
    question = Question(
        status="published", event=unrest, slug="q", text_de="Wie viele?", value_type="count"
    )
    with pytest.raises(Exception) as refused:
        question.full_clean()
    assert "text_en" in refused.value.message_dict
    settings.DOSSIER_LANGUAGES = ["de", "en"]
    question.full_clean()


@pytest.mark.parametrize(
    "language, marked",
    [
        ("de", "„a &amp; b“"),
        ("en", "“a &amp; b”"),
        ("en-GB", "“a &amp; b”"),
        ("fr", "«\u00a0a &amp; b\u00a0»"),
    ],
)
def test_quotation_marks_follow_the_quotes_language(language, marked):
    template = Template("{% load dossier %}{{ quote|quoted:language }}")
    assert template.render(Context({"quote": "a & b", "language": language})) == marked


def test_a_question_page_quotes_each_source_in_its_languages_marks(
    client, death_toll, government, claim_164
):
    source = source_in("en", ENGLISH, "english-report")
    Claim.objects.create(
        status="published",
        question=death_toll,
        source=source,
        actor=government,
        quote="Rights groups counted more than 2,200 arrests.",
        stated_value="more than 2,200",
        bound="more_than",
        value=2200,
        value_min=2200,
    )
    page = client.get(death_toll.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="de">' in page
    assert "“Rights groups counted more than 2,200 arrests.”" in page
    assert f"„{claim_164.quote}“" in page
