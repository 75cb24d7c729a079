"""A question page's schema.org JSON-LD: a Claim with its appearances, and a ClaimReview
where the editors gave a verdict, parsed from the page as a search engine reads it."""

import json
import re
from html.parser import HTMLParser

import pytest

from claims.models import Claim, Question, Verdict
from pages.changes import changed

pytestmark = pytest.mark.django_db

URL = "/questions/unrest-death-toll/"


class JsonLdBlocks(HTMLParser):
    """Every <script type="application/ld+json"> of a page, parsed."""

    def __init__(self):
        super().__init__()
        self.blocks, self.inside = [], False

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data):
        if self.inside:
            self.blocks.append(json.loads(data))

    def handle_endtag(self, tag):
        self.inside = False


def json_ld_of(client, url=URL) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    parser = JsonLdBlocks()
    parser.feed(response.content.decode())
    return parser.blocks


def test_a_question_without_a_verdict_is_a_claim_appearing_in_each_source(
    client, settings, claim_164, claim_225
):
    settings.SITE_URL = "https://dossier.example.org"
    [data] = json_ld_of(client)
    assert (data["@context"], data["@type"]) == ("https://schema.org", "Claim")
    assert data["name"] == "How many people died in the January 2022 unrest?"
    assert data["url"] == "https://dossier.example.org/questions/unrest-death-toll/"
    first, second = data["appearance"]  # oldest first
    assert first == {
        "@type": "CreativeWork",
        "name": "Unruhen in Kasachstan",
        "url": "https://dossier.example.org/sources/unruhen-in-kasachstan/",
        "inLanguage": "de",
        "publisher": {
            "@type": "Organization",
            "name": "Tagesblatt",
            "url": "https://dossier.example.org/actors/tagesblatt/",
        },
        "datePublished": "2022-01-10",
    }
    assert second["name"] == "Bilanz der Januarereignisse" and "publisher" not in second
    assert second["datePublished"] == "2022-08-06"
    assert data["firstAppearance"] == first


def test_a_verdict_makes_it_a_claim_review_rated_by_the_verdicts_name(
    client, claim_164, claim_225, death_toll, editor
):
    Verdict.objects.create(
        status="published",
        question=death_toll,
        agreement=Question.Agreement.CONFLICT,
        reason="The two tolls cannot both be true.",
        reason_de="Die beiden Zahlen können nicht beide stimmen.",
        decided_by=editor,
    )
    death_toll.refresh_analysis()
    [review] = json_ld_of(client)
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "How many people died in the January 2022 unrest?"
    assert review["itemReviewed"]["@type"] == "Claim"
    assert len(review["itemReviewed"]["appearance"]) == 2
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Conflict",
        "ratingExplanation": "The two tolls cannot both be true.",
    }
    assert review["author"]["@type"] == "Organization"
    assert "erika" not in json.dumps(review)  # no login name
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT.*", review["datePublished"])
    assert review["datePublished"] <= review["dateModified"]
    # In German, the German question and reason.
    client.cookies["django_language"] = "de"
    [review] = json_ld_of(client)
    assert review["claimReviewed"].startswith("Wie viele Menschen starben")
    assert review["reviewRating"]["ratingExplanation"].startswith("Die beiden Zahlen")
    assert review["inLanguage"] == "de"


def test_a_deprecated_answer_is_no_appearance_and_a_partial_date_stays_partial(
    client, claim_164, claim_225, report_225
):
    Claim.objects.filter(pk=claim_164.pk).update(
        rank=Claim.Rank.DEPRECATED, rank_reason="Withdrawn as published in error."
    )
    report_225.published_precision = "month"
    report_225.save()
    changed(questions=[claim_164.question_id], sources=[report_225.pk])
    [data] = json_ld_of(client)
    assert [work["name"] for work in data["appearance"]] == ["Bilanz der Januarereignisse"]
    assert data["appearance"][0]["datePublished"] == "2022-08"


def test_text_that_could_close_the_script_is_escaped(client, claim_164, report_164):
    report_164.title = "</script><script>alert(1)</script> & more"
    report_164.save()
    changed(sources=[report_164.pk], questions=[claim_164.question_id])
    page = client.get(URL).content.decode()
    assert "</script><script>alert(1)" not in page
    # In the head, the page's only script there: the body carries none.
    head, body = page.split("</head>", 1)
    assert head.count('<script type="application/ld+json">') == 1 and "<script" not in body
    [data] = json_ld_of(client)
    assert data["appearance"][0]["name"] == "</script><script>alert(1)</script> & more"
