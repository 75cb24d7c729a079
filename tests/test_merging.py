"""Merging two questions into one, and splitting claims off a question (claims/merging.py)."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError

from claims import merging
from claims.merging import merge_questions, split_question
from claims.models import Claim, ClaimRelation, Measure, Question, QuestionRedirect, Verdict
from claims.resources import QuestionResource
from sources.models import Source
from tests.publishing import publish
from tests.test_verdicts import question_form

pytestmark = pytest.mark.django_db

REASON = "Both ask for the same death toll."


@pytest.fixture
def report_238():
    return Source.objects.create(
        status="published",
        text_public=True,
        title="Prosecutor's final figures",
        slug="prosecutors-final-figures",
        published_on=datetime.date(2022, 12, 1),
        published_precision="day",
        kind=Source.Kind.NEWS_REPORT,
        text="Insgesamt kamen 238 Menschen ums Leben. Zuvor hieß es 232.",
    )


@pytest.fixture
def official(death_toll, claim_164):
    """A measure of the survivor, which its twin in the merged question maps onto."""
    measure = Measure.objects.create(question=death_toll, slug="official", name="Official count")
    Claim.objects.filter(pk=claim_164.pk).update(measure=measure)
    return measure


@pytest.fixture
def deaths(unrest, report_238, officials, editor):
    """A second question on the same dispute, with two claims, a relation, two
    measures (one of the survivor's slug), notes and a verdict."""
    question = Question.objects.create(
        status="published",
        event=unrest,
        slug="january-deaths",
        text_en="How many died in January 2022?",
        text_de="Wie viele starben im Januar 2022?",
        value_type=Question.ValueType.COUNT,
        unit="people",
        editorial_note="The prosecutor revised the figure twice.",
        scope_note_de="Zivilisten und Sicherheitskräfte.",
        keywords="victims",
    )
    twin = question.measures.create(slug="official", name="Official")
    other = question.measures.create(slug="all", name="All deaths", name_de="Alle Toten")
    claims = [
        Claim.objects.create(
            status="published",
            question=question,
            source=report_238,
            actor=officials,
            attribution=Claim.Attribution.ACCORDING_TO,
            stated_value=stated,
            bound=Claim.Bound.EXACT,
            value=Decimal(value),
            value_min=Decimal(value),
            value_max=Decimal(value),
            quote=quote,
            measure=measure,
        )
        for stated, value, quote, measure in [
            ("238", 238, "Insgesamt kamen 238 Menschen ums Leben.", twin),
            ("232", 232, "Zuvor hieß es 232.", other),
        ]
    ]
    ClaimRelation.objects.create(claim=claims[0], other=claims[1], kind="revises")
    Verdict.objects.create(
        status="published",
        question=question,
        agreement="over_time",
        reason="Revised upwards.",
        decided_by=editor,
    )
    question.refresh_analysis()
    return question


@pytest.fixture
def survivor(death_toll, claim_164, claim_225, official, editor):
    Verdict.objects.create(
        status="published",
        question=death_toll,
        agreement="conflict",
        reason="Disputed.",
        decided_by=editor,
    )
    death_toll.editorial_note = "Official figures only."
    death_toll.save()
    death_toll.refresh_analysis()
    return death_toll


def merge_url(merged, into=None) -> str:
    url = f"/admin/claims/question/{merged.pk}/merge/"
    return f"{url}?into={into.pk}" if into else url


def post_merge(client, merged, into, reason=REASON, **versions):
    form = {
        "merged_version": versions.get("merged_version", merged.version),
        "into_version": versions.get("into_version", into.version),
        "reason": reason,
    }
    return client.post(merge_url(merged, into), form)


def test_merging_moves_claims_measures_and_relations(editor_client, survivor, deaths):
    moved = list(deaths.claims.order_by("pk"))
    response = post_merge(editor_client, deaths, survivor)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/claims/question/{survivor.pk}/change/"

    assert not Question.objects.filter(pk=deaths.pk).exists()
    claims = {claim.stated_value: claim for claim in survivor.claims.all()}
    assert set(claims) == {"164", "mindestens 225", "238", "232"}
    # The twin measure's claims point to the survivor's measure of the same slug; the
    # other measure moved along.
    assert claims["238"].measure.question_id == survivor.pk
    assert claims["238"].measure.slug == "official"
    assert claims["238"].measure_id == claims["164"].measure_id
    assert claims["232"].measure.question_id == survivor.pk
    assert sorted(survivor.measures.values_list("slug", flat=True)) == ["all", "official"]
    relation = ClaimRelation.objects.get()
    assert (relation.claim_id, relation.other_id) == (moved[0].pk, moved[1].pk)
    # A claim's form opened before the merge is refused: each moved claim has a new version.
    assert all(claims[claim.stated_value].version == claim.version + 1 for claim in moved)


def test_merging_keeps_both_questions_notes(editor_client, survivor, deaths):
    post_merge(editor_client, deaths, survivor)
    survivor.refresh_from_db()
    assert survivor.editorial_note == (
        "Official figures only.\n\n"
        "From the merged question “How many died in January 2022?”:\n"
        "The prosecutor revised the figure twice."
    )
    assert survivor.scope_note_de == (
        "Aus der zusammengeführten Frage „Wie viele starben im Januar 2022?“:\n"
        "Zivilisten und Sicherheitskräfte."
    )
    assert survivor.scope_note == ""
    assert "victims" in survivor.keywords


def test_merging_asks_for_the_verdict_again_beside_the_automatic_analysis(
    editor_client, survivor, deaths
):
    post_merge(editor_client, deaths, survivor)
    survivor.refresh_from_db()
    assert not Verdict.objects.exists()
    assert survivor.verdict_due
    # The question shows the automatic analysis of all four answers until editors decide.
    assert survivor.agreement == survivor.automatic_agreement
    assert survivor.source_count == 3
    page = editor_client.get(f"/admin/claims/question/{survivor.pk}/change/")
    assert survivor.get_automatic_agreement_display() in page.content.decode()
    assert page.context["adminform"].form["verdict_due"].value() is True


def test_a_verdict_saved_again_clears_the_question_to_decide(
    editor_client, editor, survivor, deaths
):
    post_merge(editor_client, deaths, survivor)
    survivor.refresh_from_db()
    # the question is published: a change to it is a correction, which a reviewer makes
    editor.groups.add(Group.objects.get(name="Reviewers"))
    form = question_form(
        survivor,
        verdict_due="on",
        correction_reason="Verdict decided again after the merge.",
        **{
            "measures-TOTAL_FORMS": "0",
            "verdict-0-agreement": "conflict",
            "verdict-0-reason": "Still disputed, with all four answers.",
            "verdict-0-reason_de": "",
        },
    )
    response = editor_client.post(f"/admin/claims/question/{survivor.pk}/change/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    survivor.refresh_from_db()
    assert not survivor.verdict_due
    # the new verdict is the editor's draft until a second person publishes it
    assert survivor.verdict.status == "draft"
    publish(survivor.verdict)
    survivor.refresh_from_db()
    assert survivor.agreement == "conflict"


def test_merging_is_in_the_history_with_who_and_why(editor_client, editor, survivor, deaths):
    post_merge(editor_client, deaths, survivor)
    expected = "Merged from “How many died in January 2022?” (january-deaths) by erika: " + REASON
    record = survivor.history.latest()
    assert (record.history_user, record.history_change_reason) == (editor, expected)
    gone = Question.history.filter(id=deaths.pk).latest()
    assert gone.history_type == "-"
    assert gone.history_user == editor
    assert gone.history_change_reason.startswith("Merged into “How many people died")
    # Both verdicts' records remain, the last one saying why it went.
    for question_id, agreement in [(deaths.pk, "over_time"), (survivor.pk, "conflict")]:
        last = Verdict.history.filter(question_id=question_id).latest()
        assert (last.history_type, last.agreement) == ("-", agreement)
        assert last.history_change_reason == expected
    moved = Claim.history.filter(stated_value="238").latest()
    assert (moved.question_id, moved.history_user, moved.history_change_reason) == (
        survivor.pk,
        editor,
        expected,
    )
    # The admin's history page shows it.
    page = editor_client.get(f"/admin/claims/question/{survivor.pk}/history/")
    assert expected in page.content.decode()


OLD_ADDRESSES = [
    ("/questions/{old}/", "/questions/{new}/"),
    ("/questions/{old}/?page=1", "/questions/{new}/?page=1"),
    ("/questions/{old}/claims.csv", "/questions/{new}/claims.csv"),
    ("/questions/{old}/claims.json", "/questions/{new}/claims.json"),
    ("/questions/{old}/cite.bib", "/questions/{new}/cite.bib"),
    ("/questions/{old}/cite.json", "/questions/{new}/cite.json"),
    ("/api/questions/{old}/", "/api/questions/{new}/"),
    ("/api/claims/?question={old}", "/api/claims/?question={new}"),
]


@pytest.mark.parametrize("old_address, new_address", OLD_ADDRESSES)
def test_every_old_address_answers_301_to_the_survivors(
    client, editor, survivor, deaths, old_address, new_address
):
    # Seen before the merge: a kept page of the old address is not served after it.
    assert client.get(old_address.format(old=deaths.slug)).status_code == 200
    merge_questions(
        deaths,
        survivor,
        by=editor,
        reason=REASON,
        expected_versions={deaths.pk: deaths.version, survivor.pk: survivor.version},
    )
    response = client.get(old_address.format(old=deaths.slug))
    assert response.status_code == 301
    assert response["Location"] == new_address.format(new=survivor.slug)
    assert client.get(response["Location"]).status_code == 200


def test_the_survivors_page_shows_the_moved_claims_at_once(client, editor, survivor, deaths):
    assert "238" not in client.get(f"/questions/{survivor.slug}/").content.decode()
    merge_questions(
        deaths,
        survivor,
        by=editor,
        reason=REASON,
        expected_versions={deaths.pk: deaths.version, survivor.pk: survivor.version},
    )
    assert "238" in client.get(f"/questions/{survivor.slug}/").content.decode()
    listed = client.get(f"/api/claims/?question={survivor.slug}").json()
    assert listed["count"] == 4


def test_a_chain_of_merges_leads_to_the_last_survivor_in_one_step(
    client, editor, survivor, deaths, unrest
):
    first = Question.objects.create(
        status="published",
        event=unrest,
        slug="toll",
        text_en="Toll?",
        text_de="Opfer?",
        value_type="count",
    )
    merge_questions(
        first, deaths, by=editor, reason=REASON, expected_versions={first.pk: 1, deaths.pk: 1}
    )
    deaths.refresh_from_db()
    merge_questions(
        deaths,
        survivor,
        by=editor,
        reason=REASON,
        expected_versions={deaths.pk: deaths.version, survivor.pk: survivor.version},
    )
    for old in ("toll", "january-deaths"):
        response = client.get(f"/questions/{old}/")
        assert (response.status_code, response["Location"]) == (
            301,
            "/questions/unrest-death-toll/",
        )
    assert set(QuestionRedirect.objects.values_list("old_slug", "question")) == {
        ("toll", survivor.pk),
        ("january-deaths", survivor.pk),
    }


def test_a_new_question_may_not_take_an_address_that_redirects(
    editor_client, editor, survivor, deaths
):
    merge_questions(
        deaths,
        survivor,
        by=editor,
        reason=REASON,
        expected_versions={deaths.pk: deaths.version, survivor.pk: survivor.version},
    )
    form = question_form(
        Question(
            status="published", event=survivor.event, slug="january-deaths", value_type="count"
        )
    )
    form |= {"text_en": "Another?", "text_de": "Noch eine?", "opened_version": ""}
    response = editor_client.post("/admin/claims/question/add/", form)
    assert response.status_code == 200
    assert "This address belonged to a question merged into" in response.content.decode()
    assert not Question.objects.filter(slug="january-deaths").exists()


def test_a_merge_opened_before_another_editors_change_is_refused(editor_client, survivor, deaths):
    page = editor_client.get(merge_url(deaths, survivor))
    opened = page.context["form"].initial
    # Someone saves the survivor meanwhile.
    Question.objects.filter(pk=survivor.pk).update(version=survivor.version + 1)
    response = editor_client.post(
        merge_url(deaths, survivor), {**opened, "reason": REASON}, follow=True
    )
    assert "was changed by someone else since you opened this page" in response.content.decode()
    assert Question.objects.filter(pk=deaths.pk).exists()
    assert deaths.claims.count() == 2
    assert Verdict.objects.count() == 2
    assert not QuestionRedirect.objects.exists()
    # The page is shown anew, with the versions as they are now: a merge can go through.
    assert response.context["form"].initial["into_version"] == survivor.version + 1


def test_an_error_in_the_middle_of_a_merge_changes_nothing(monkeypatch, editor, survivor, deaths):
    def fails(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(merging, "changed", fails)  # the last step
    with pytest.raises(RuntimeError):
        merge_questions(
            deaths,
            survivor,
            by=editor,
            reason=REASON,
            expected_versions={deaths.pk: deaths.version, survivor.pk: survivor.version},
        )
    assert Question.objects.filter(pk=deaths.pk).exists()
    assert sorted(deaths.claims.values_list("stated_value", flat=True)) == ["232", "238"]
    assert deaths.measures.count() == 2
    assert Verdict.objects.count() == 2
    assert not QuestionRedirect.objects.exists()
    survivor.refresh_from_db()
    assert (survivor.editorial_note, survivor.verdict_due) == ("Official figures only.", False)


def test_merging_refuses_questions_of_other_kinds_of_answer(editor_client, survivor, deaths):
    Question.objects.filter(pk=deaths.pk).update(value_type="year")
    deaths.claims.all().delete()
    response = post_merge(editor_client, deaths, survivor)
    assert response.status_code == 200
    assert "their claims cannot answer one question" in response.content.decode()
    assert Question.objects.filter(pk=deaths.pk).exists()


def test_a_merge_needs_a_reason(editor_client, survivor, deaths):
    response = post_merge(editor_client, deaths, survivor, reason="  ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Question.objects.filter(pk=deaths.pk).exists()


def test_the_change_page_offers_merge_and_split(editor_client, survivor):
    page = editor_client.get(f"/admin/claims/question/{survivor.pk}/change/").content.decode()
    assert merge_url(survivor) in page
    assert f"/admin/claims/question/{survivor.pk}/split/" in page
    for step in ("merge", "split"):
        opened = editor_client.get(f"/admin/claims/question/{survivor.pk}/{step}/")
        assert opened.status_code == 200
        assert 'id="choose-question"' in opened.content.decode()
    unknown = editor_client.get(f"/admin/claims/question/{survivor.pk}/merge/?into=999999")
    assert unknown.status_code == 200
    assert "Select a valid choice" in unknown.content.decode()


def test_the_changelist_action_merges_exactly_two(editor_client, survivor, deaths, unrest):
    action = {"action": "merge_two", "_selected_action": [survivor.pk, deaths.pk]}
    response = editor_client.post("/admin/claims/question/", action)
    # The one with more sources is proposed as the survivor.
    assert response["Location"] == merge_url(deaths, survivor)
    page = editor_client.get(response["Location"]).content.decode()
    assert "Merge the other way round" in page

    third = Question.objects.create(
        status="published",
        event=unrest,
        slug="third",
        text_en="Third?",
        text_de="Dritte?",
        value_type="count",
    )
    action["_selected_action"] = [survivor.pk, deaths.pk, third.pk]
    response = editor_client.post("/admin/claims/question/", action, follow=True)
    assert "Select exactly two questions to merge." in response.content.decode()


def split_form(question, claims, reason=REASON, **fields):
    return {
        "question_version": question.version,
        "claims": [claim.pk for claim in claims],
        "reason": reason,
    } | fields


def test_splitting_moves_claims_to_a_new_question(editor_client, editor, deaths):
    revised, earlier = deaths.claims.order_by("pk")
    form = split_form(
        deaths,
        [earlier],
        slug="early-reports",
        text_en="What did early reports say?",
        text_de="Was sagten frühe Berichte?",
        scope_note="Before the prosecutor's report.",
    )
    response = editor_client.post(f"/admin/claims/question/{deaths.pk}/split/", form, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/claims/question/{deaths.pk}/change/"
    page = response.content.decode()
    assert "1 claim moved to" in page
    assert "1 relation between a moved claim and one that stayed was removed" in page

    new = Question.objects.get(slug="early-reports")
    assert (new.event_id, new.value_type, new.unit) == (deaths.event_id, "count", "people")
    assert new.scope_note == "Before the prosecutor's report."
    assert list(new.claims.values_list("stated_value", flat=True)) == ["232"]
    # The claim's measure goes with it, as a measure of the new question.
    moved = new.claims.get()
    assert (moved.measure.question_id, moved.measure.slug) == (new.pk, "all")
    assert deaths.measures.filter(slug="all").exists()
    assert not ClaimRelation.objects.exists()
    assert ClaimRelation.history.latest().history_change_reason.endswith(REASON)
    deaths.refresh_from_db()
    assert list(deaths.claims.values_list("stated_value", flat=True)) == ["238"]
    assert deaths.verdict_due and new.verdict_due
    assert not Verdict.objects.exists()
    assert (new.source_count, deaths.source_count) == (1, 1)
    record = deaths.history.latest()
    assert record.history_user == editor
    assert record.history_change_reason == (
        "1 claim moved from “How many died in January 2022?” to “What did early reports "
        f"say?” by erika: {REASON}"
    )


def test_splitting_moves_claims_to_an_existing_question(editor_client, survivor, deaths):
    revised, earlier = deaths.claims.order_by("pk")
    url = f"/admin/claims/question/{deaths.pk}/split/?into={survivor.pk}"
    form = split_form(deaths, [revised], into_version=survivor.version)
    response = editor_client.post(url, form)
    assert response.status_code == 302
    revised.refresh_from_db()
    assert revised.question_id == survivor.pk
    assert revised.measure.question_id == survivor.pk  # the survivor's "official"
    assert Verdict.objects.count() == 0
    survivor.refresh_from_db()
    assert survivor.verdict_due
    assert sorted(survivor.claims.values_list("stated_value", flat=True)) == [
        "164",
        "238",
        "mindestens 225",
    ]


def test_a_split_opened_before_another_editors_change_is_refused(editor_client, survivor, deaths):
    revised = deaths.claims.order_by("pk").first()
    url = f"/admin/claims/question/{deaths.pk}/split/?into={survivor.pk}"
    form = split_form(deaths, [revised], into_version=survivor.version)
    Question.objects.filter(pk=survivor.pk).update(version=survivor.version + 1)
    response = editor_client.post(url, form, follow=True)
    assert "was changed by someone else" in response.content.decode()
    revised.refresh_from_db()
    assert revised.question_id == deaths.pk


def test_a_split_to_a_new_question_may_not_take_a_taken_address(editor_client, survivor, deaths):
    form = split_form(
        deaths,
        deaths.claims.all()[:1],
        slug=survivor.slug,
        text_en="Again?",
        text_de="Nochmal?",
    )
    response = editor_client.post(f"/admin/claims/question/{deaths.pk}/split/", form)
    assert response.status_code == 200
    assert "Question with this Slug already exists." in response.content.decode()
    assert deaths.claims.count() == 2


def test_split_question_refuses_claims_of_another_question(editor, survivor, deaths):
    with pytest.raises(ValidationError):
        split_question(
            deaths,
            [survivor.claims.first().pk],
            into=survivor,
            by=editor,
            reason=REASON,
            expected_versions={deaths.pk: deaths.version, survivor.pk: survivor.version},
        )


@pytest.fixture
def changer(django_user_model):
    """An editor who may change questions, but neither delete nor add them."""
    user = django_user_model.objects.create_user("charlie", password="x", is_staff=True)
    codenames = ["view_question", "change_question", "view_claim", "change_claim"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_merging_needs_the_right_to_delete_the_merged_question(client, changer, survivor, deaths):
    client.force_login(changer)
    assert client.get(merge_url(deaths, survivor)).status_code == 403
    assert post_merge(client, deaths, survivor).status_code == 403
    assert Question.objects.filter(pk=deaths.pk).exists()


def test_splitting_needs_the_right_to_change_and_to_add_for_a_new_question(
    client, changer, django_user_model, survivor, deaths
):
    client.force_login(changer)
    url = f"/admin/claims/question/{deaths.pk}/split/"
    assert client.get(url).status_code == 403  # a new question: not theirs to add
    assert client.get(f"{url}?into={survivor.pk}").status_code == 200
    reader = django_user_model.objects.create_user("dora", password="x", is_staff=True)
    reader.user_permissions.set(Permission.objects.filter(codename="view_question"))
    client.force_login(reader)
    assert client.get(f"{url}?into={survivor.pk}").status_code == 403


def test_visitors_are_sent_to_log_in(client, survivor, deaths):
    response = post_merge(client, deaths, survivor)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert Question.objects.filter(pk=deaths.pk).exists()


def test_an_import_may_not_give_a_question_an_address_that_redirects(editor, survivor, deaths):
    merge_questions(
        deaths,
        survivor,
        by=editor,
        reason=REASON,
        expected_versions={deaths.pk: deaths.version, survivor.pk: survivor.version},
    )
    result = QuestionResource().import_data(
        tablib.Dataset().load(
            "slug,event,text_en,text_de,value_type,unit\n"
            "january-deaths,kazakhstan-unrest-2022,Died?,Gestorben?,count,people\n",
            format="csv",
        )
    )
    assert result.has_validation_errors()
    errors = str(result.invalid_rows[0].error_dict)
    assert "This address belonged to a question merged into" in errors
    assert not Question.objects.filter(slug="january-deaths").exists()
