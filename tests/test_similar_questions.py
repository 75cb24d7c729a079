"""Similar questions where questions are made, figures matched to questions in the reading
view, and the editors' list of possible duplicates (claims/similar.py)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims.models import Claim, DistinctPair, Event, Question
from claims.similar import similar_questions
from sources.models import Source
from tests.test_import import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def injured(death_toll):
    return Question.objects.create(
        status="published",
        event=death_toll.event,
        slug="unrest-injured",
        text_en="How many people were injured in the unrest?",
        text_de="Wie viele Menschen wurden bei den Unruhen verletzt?",
        value_type=Question.ValueType.COUNT,
        unit="people",
    )


@pytest.fixture
def floods():
    return Event.objects.create(name="Spring floods", slug="spring-floods")


def draft(event, **fields) -> Question:
    fields = {"value_type": Question.ValueType.COUNT, "unit": "people", **fields}
    return Question(status="published", event=event, **{"text_en": "", "text_de": "", **fields})


@pytest.mark.parametrize(
    "fields, expected",
    [
        # The same question reworded.
        ({"text_en": "How many people were killed in the January 2022 unrest?"}, "death"),
        # Translated to German, and only in German.
        (
            {"text_de": "Wie viele Menschen kamen bei den Unruhen im Januar 2022 ums Leben?"},
            "death",
        ),
        # Another unit: it counts something else.
        ({"text_en": "How many people died in the January 2022 unrest?", "unit": "km"}, None),
        # Another type of answer.
        (
            {"text_en": "When did people die in the January 2022 unrest?", "value_type": "date"},
            None,
        ),
        # Another count of the same affair, worded alike: what is counted tells them apart.
        ({"text_en": "How many people were wounded in the unrest?"}, "injured"),
        # Another subject altogether.
        ({"text_en": "How long is the border with China?", "unit": ""}, None),
    ],
)
def test_the_top_suggestion_for_a_new_question(death_toll, injured, fields, expected):
    suggestions = similar_questions(draft(death_toll.event, **fields))
    top = suggestions[0].question if suggestions else None
    assert top == {"death": death_toll, "injured": injured, None: None}[expected], [
        (s.question.slug, s.score, s.reason) for s in suggestions
    ]


def test_a_question_of_another_event_is_not_suggested(death_toll, floods):
    same_words = draft(floods, text_en="How many people died in the January 2022 unrest?")
    assert similar_questions(same_words) == []


def test_a_part_of_the_event_counts_as_the_same_event(death_toll, unrest):
    part = Event.objects.create(name="Almaty", slug="almaty", parent=unrest)
    (suggestion,) = similar_questions(
        draft(part, text_en="How many people died in the January 2022 unrest in Almaty?")
    )
    assert suggestion.question == death_toll
    assert suggestion.reasons[0] == "part of the same event"


def test_a_suggestion_says_why(death_toll):
    (suggestion,) = similar_questions(
        draft(death_toll.event, text_en="How many people died in the January 2022 unrest?")
    )
    assert suggestion.reason.startswith("same event, same type of answer, same unit (people), ")
    assert "similar wording: “How many people died in the January 2022 unrest?” (1.00)" in (
        suggestion.reason
    )
    assert 0.9 <= suggestion.score <= 1


def test_an_answer_quoting_the_same_passage_adds_to_the_score(claim_164):
    reworded = draft(claim_164.question.event, text_en="How many people died in January 2022?")
    (plain,) = similar_questions(reworded)
    passage = [(claim_164.source_id, "kamen 164 Menschen ums Leben")]
    (quoted,) = similar_questions(reworded, passage)
    assert quoted.score > plain.score
    assert "an answer quotes the same passage of “Unruhen in Kasachstan”" in quoted.reason


# --- The admin's "add question" form -------------------------------------------------------


def question_form(event, **fields) -> dict:
    return {
        "event": event.pk,
        "slug": "deaths-again",
        "text_en": "How many people were killed in the January 2022 unrest?",
        "text_de": "Wie viele Menschen wurden bei den Unruhen getötet?",
        "value_type": "count",
        "unit": "people",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
        "verdict-TOTAL_FORMS": "0",
        "verdict-INITIAL_FORMS": "0",
        "measures-TOTAL_FORMS": "0",
        "measures-INITIAL_FORMS": "0",
        **fields,
    }


ADD = "/admin/claims/question/add/"


def test_the_add_form_lists_similar_questions_and_creates_nothing_unconfirmed(
    editor_client, death_toll
):
    response = editor_client.post(ADD, question_form(death_toll.event))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Existing questions may ask the same thing" in page
    assert reverse("admin:claims_question_change", args=[death_toll.pk]) in page
    assert death_toll.text_en in page
    assert 'type="checkbox" name="confirm_new"' in page
    assert not Question.objects.filter(slug="deaths-again").exists()


def test_the_add_form_creates_the_question_once_confirmed(editor_client, death_toll):
    response = editor_client.post(ADD, question_form(death_toll.event, confirm_new="on"))
    assert response.status_code == 302
    assert Question.objects.filter(slug="deaths-again").exists()


def test_a_question_like_no_other_is_created_at_once(editor_client, death_toll):
    data = question_form(
        death_toll.event,
        text_en="How many tanks crossed the border?",
        text_de="Wie viele Panzer überquerten die Grenze?",
        unit="tanks",
    )
    assert editor_client.post(ADD, data).status_code == 302


def test_the_popup_of_the_claim_form_asks_too(editor_client, death_toll):
    # A claim made from a passage adds its new question through this popup.
    popup = f"{ADD}?_to_field=id&_popup=1"
    response = editor_client.post(popup, question_form(death_toll.event, _popup="1"))
    assert response.status_code == 200
    assert "Existing questions may ask the same thing" in response.content.decode()
    assert not Question.objects.filter(slug="deaths-again").exists()
    confirmed = question_form(death_toll.event, _popup="1", confirm_new="on")
    response = editor_client.post(popup, confirmed)
    assert "opener.dismissAddRelatedObjectPopup" in response.content.decode() or (
        "popup_response" in response.content.decode()
    )
    assert Question.objects.filter(slug="deaths-again").exists()


def test_changing_a_question_asks_nothing(editor_client, death_toll, injured):
    change = reverse("admin:claims_question_change", args=[injured.pk])
    form = editor_client.get(change).context["adminform"].form
    assert "confirm_new" not in form.fields or form.fields["confirm_new"].widget.is_hidden


# --- The import preview --------------------------------------------------------------------


def test_the_import_preview_names_a_new_question_close_to_an_existing_one(
    editor_client, death_toll
):
    text = (
        "slug,event,text_en,text_de,value_type,unit\n"
        "deaths-again,kazakhstan-unrest-2022,How many people were killed in the January "
        "2022 unrest?,Wie viele Menschen wurden getötet?,count,people\n"
        "tanks,kazakhstan-unrest-2022,How many tanks crossed the border?,Wie viele Panzer?,"
        "count,tanks\n"
    )
    response = upload(editor_client, "claims/question", text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirm import" in page
    assert "Row 1: the new question “deaths-again”" in page
    assert "may ask the same as the existing “unrest-death-toll”" in page
    assert "“tanks”" not in page
    assert not Question.objects.filter(slug="deaths-again").exists()


# --- Figures matched to questions in the reading view ---------------------------------------


@pytest.fixture
def bulletin(death_toll, injured, report_164, claim_164):
    """A source with two figures no claim quotes: the dead, the injured."""
    source = Source.objects.create(
        status="published",
        text_public=True,
        title="Bulletin",
        slug="bulletin",
        published_on=datetime.date(2022, 1, 12),
        published_precision="day",
        kind=Source.Kind.NEWS_REPORT,
        text=(
            "Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben. "
            "Bei den Unruhen wurden 2200 Menschen verletzt. Dutzende starben, 225 Menschen "
            "sind tot."
        ),
    )
    Claim.objects.create(
        status="published",
        question=death_toll,
        source=source,
        stated_value="164",
        bound=Claim.Bound.EXACT,
        value=Decimal(164),
        value_min=Decimal(164),
        value_max=Decimal(164),
        quote="Nach Angaben von Regierung und Polizei kamen 164 Menschen ums Leben.",
    )
    return source


def test_the_reading_view_offers_the_questions_a_figure_may_answer(editor_client, bulletin):
    response = editor_client.get(reverse("admin:sources_source_read", args=[bulletin.pk]))
    unclaimed = {item["figure"].stated_value: item for item in response.context["unclaimed"]}
    injured = [choice["suggestion"].question.slug for choice in unclaimed["2200"]["questions"]]
    assert injured[0] == "unrest-injured"
    dead = [choice["suggestion"].question.slug for choice in unclaimed["225"]["questions"]]
    assert dead[0] == "unrest-death-toll"
    page = response.content.decode()
    assert "Claim for: How many people were injured in the unrest?" in page
    # One choice opens the claim form with the question chosen.
    url = unclaimed["2200"]["questions"][0]["url"]
    form = editor_client.get(url)
    assert form.status_code == 302
    assert f"question={Question.objects.get(slug='unrest-injured').pk}" in form.url
    assert "stated_value=2200" in form.url


def test_a_question_that_does_not_exist_is_not_preselected(editor_client, bulletin):
    read = reverse("admin:sources_source_read_claim", args=[bulletin.pk])
    response = editor_client.get(f"{read}?start=70&end=115&question=999999")
    assert response.status_code == 302
    assert "question=" not in response.url


def test_claim_coverage_lists_the_same_suggestions(bulletin, capsys):
    call_command("claim_coverage", "--source", "bulletin")
    out = capsys.readouterr().out
    lines = out.splitlines()
    injured_line = next(i for i, line in enumerate(lines) if "  2200  " in line)
    assert lines[injured_line + 1].strip().startswith("may answer unrest-injured (")


# --- Possible duplicates -------------------------------------------------------------------


@pytest.fixture
def planted(death_toll, injured):
    """A duplicate of the death toll, added as if by another editor."""
    return Question.objects.create(
        status="published",
        event=death_toll.event,
        slug="unrest-fatalities",
        text_en="How many people were killed in the January 2022 unrest?",
        text_de="Wie viele Menschen wurden bei den Unruhen im Januar 2022 getötet?",
        value_type=Question.ValueType.COUNT,
        unit="people",
    )


DUPLICATES = "/admin/claims/question/duplicates/"


def test_the_duplicates_page_lists_the_planted_pair(editor_client, planted, death_toll):
    response = editor_client.get(DUPLICATES)
    assert response.status_code == 200
    pairs = response.context["pairs"]
    first = pairs[0]["pair"]
    assert {first.first.slug, first.second.slug} == {"unrest-death-toll", "unrest-fatalities"}
    page = response.content.decode()
    assert "unrest-death-toll" in page and "unrest-fatalities" in page
    assert "same event" in page


def test_the_changelist_links_to_the_duplicates_page(editor_client, planted):
    page = editor_client.get("/admin/claims/question/").content.decode()
    assert f'href="{DUPLICATES}"' in page


def test_question_duplicates_prints_the_pair_with_both_slugs(planted, capsys):
    call_command("question_duplicates")
    first = capsys.readouterr().out.splitlines()[0]
    slugs, score, reason = first.split("  ")[:2], first.split("  ")[2], first.split("  ")[3]
    assert set(slugs) == {"unrest-death-toll", "unrest-fatalities"}
    assert 0 < float(score) <= 1
    assert reason.startswith("same event")


def test_two_counts_of_one_affair_worded_alike_are_no_duplicates(death_toll, injured, capsys):
    call_command("question_duplicates")
    assert capsys.readouterr().out == "0 possible duplicate pairs.\n"


def test_no_pairs_without_duplicates(death_toll, capsys):
    call_command("question_duplicates")
    assert capsys.readouterr().out == "0 possible duplicate pairs.\n"


def test_a_pair_is_merged_from_the_duplicates_page(editor_client, planted, death_toll):
    """The pair's one action: its merge page, the question more sources answer proposed
    as the survivor; confirmed, the duplicate is gone and its address leads there."""
    Question.objects.filter(pk=death_toll.pk).update(source_count=2)
    pair = editor_client.get(DUPLICATES).context["pairs"][0]
    assert pair["merge_url"] == (f"/admin/claims/question/{planted.pk}/merge/?into={death_toll.pk}")
    form = editor_client.get(pair["merge_url"]).context["form"]
    response = editor_client.post(
        pair["merge_url"],
        {
            "merged_version": form["merged_version"].value(),
            "into_version": form["into_version"].value(),
            "reason": "The same death toll, asked twice.",
        },
    )
    assert response.status_code == 302
    assert not Question.objects.filter(slug="unrest-fatalities").exists()
    redirected = editor_client.get("/questions/unrest-fatalities/")
    assert (redirected.status_code, redirected["Location"]) == (
        301,
        "/questions/unrest-death-toll/",
    )


DISTINCT = "/admin/claims/question/duplicates/distinct/"


def test_a_pair_judged_distinct_is_listed_no_more(editor_client, planted, death_toll, capsys):
    """“Not the same”: the pair leaves the page and the command, for good; deleting the
    judgement in the admin lists it again."""
    page = editor_client.get(DUPLICATES).content.decode()
    assert f'action="{DISTINCT}"' in page and "Not the same" in page
    response = editor_client.post(
        DISTINCT, {"first": planted.pk, "second": death_toll.pk}, follow=True
    )
    assert response.redirect_chain == [(DUPLICATES, 302)]
    assert "ask different things: no longer listed here" in response.content.decode()
    judged = {"unrest-death-toll", "unrest-fatalities"}
    assert judged not in listed_pairs(response.context["pairs"])
    call_command("question_duplicates")
    printed = capsys.readouterr().out.splitlines()[:-1]
    assert judged not in [set(line.split("  ")[:2]) for line in printed]
    pair = DistinctPair.objects.get()
    assert (pair.first, pair.second) == (death_toll, planted)  # one row, lower pk first
    assert pair.decided_by.username == "erika"  # the editor who judged it
    # Judged again, from the other side: still one row.
    editor_client.post(DISTINCT, {"first": death_toll.pk, "second": planted.pk})
    assert DistinctPair.objects.count() == 1

    listed = editor_client.get("/admin/claims/distinctpair/").content.decode()
    assert "unrest-fatalities" in listed or str(planted) in listed
    editor_client.post(f"/admin/claims/distinctpair/{pair.pk}/delete/", {"post": "yes"})
    assert judged == listed_pairs(editor_client.get(DUPLICATES).context["pairs"])[0]


def listed_pairs(pairs) -> list[set[str]]:
    return [{item["pair"].first.slug, item["pair"].second.slug} for item in pairs]


def test_judging_a_pair_distinct_asks_a_post_a_permission_and_both_questions(
    editor_client, django_user_model, planted, death_toll
):
    assert editor_client.get(DISTINCT).status_code == 405
    reader = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_question"))
    reader_client = Client()
    reader_client.force_login(reader)
    posted = {"first": planted.pk, "second": death_toll.pk}
    assert reader_client.post(DISTINCT, posted).status_code == 403
    assert reader_client.get("/admin/claims/distinctpair/").status_code == 403
    # A question merged away meanwhile, or a hand-made request: a clear message, nothing kept.
    for posted in ({"first": planted.pk, "second": 999_999}, {"first": "x", "second": ""}):
        response = editor_client.post(DISTINCT, posted, follow=True)
        assert "no longer exists (merged or deleted)" in response.content.decode()
    assert not DistinctPair.objects.exists()


def test_the_duplicates_page_reads_few_queries(
    editor_client, planted, django_assert_max_num_queries
):
    # session, user, permissions; the questions, their quotes; per question: its event's
    # family (two, once per event) and the candidates
    with django_assert_max_num_queries(12):
        editor_client.get(DUPLICATES)


def test_who_may_see_the_duplicates_page(client, django_user_model, planted):
    assert client.get(DUPLICATES).status_code == 302  # to the login
    visitor = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(visitor)
    assert client.get(DUPLICATES).status_code == 302  # not staff: to the login
    reader = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_question"))
    client.force_login(reader)
    assert client.get(DUPLICATES).status_code == 403
    assert f'href="{DUPLICATES}"' not in client.get("/admin/claims/question/").content.decode()
    reader.user_permissions.add(Permission.objects.get(codename="change_question"))
    client.force_login(reader)
    assert client.get(DUPLICATES).status_code == 200
