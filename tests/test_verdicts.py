"""The editors' verdict over the automatic analysis, and relations between claims."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimRelation, Measure, Question, Verdict
from pages.changes import changed, changed_objects
from tests.publishing import publish
from tests.test_admin import claim_form

pytestmark = pytest.mark.django_db

URL = "/questions/unrest-death-toll/"


def question_form(question, **fields):
    """The question's change form, its claims untouched, with a verdict inline."""
    return {
        "event": question.event_id,
        "slug": question.slug,
        "text_en": question.text_en,
        "text_de": question.text_de,
        "value_type": question.value_type,
        "unit": question.unit,
        "scope_note": question.scope_note,
        "editorial_note": question.editorial_note,
        "opened_version": question.version,
        "verdict-TOTAL_FORMS": "1",
        "verdict-INITIAL_FORMS": "0",
        "verdict-MAX_NUM_FORMS": "1",
        "measures-TOTAL_FORMS": "0",
        "measures-INITIAL_FORMS": "0",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
    } | fields


@pytest.fixture
def analysed(death_toll, claim_164, claim_225):
    death_toll.refresh_analysis()
    return death_toll


@pytest.fixture
def verdict(analysed, claim_164, claim_225, editor):
    verdict = Verdict.objects.create(
        status="published",
        question=analysed,
        agreement=Question.Agreement.CONFLICT,
        reason="The 164 was withdrawn as published in error; the toll is disputed.",
        reason_de="Die 164 wurde als Fehler zurückgezogen; die Zahl ist umstritten.",
        decided_by=editor,
    )
    verdict.rests_on.set([claim_164, claim_225])
    analysed.refresh_analysis()
    return verdict


def test_editor_enters_a_verdict_on_the_questions_page(editor_client, editor, analysed, claim_164):
    form = question_form(
        analysed,
        **{
            "verdict-0-agreement": "definition",
            "verdict-0-reason": "The two figures count different victims.",
            "verdict-0-reason_de": "",
            "verdict-0-rests_on": [claim_164.pk],
        },
    )
    response = editor_client.post(f"/admin/claims/question/{analysed.pk}/change/", form)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    analysed.refresh_from_db()
    verdict = analysed.verdict
    assert verdict.decided_by == editor
    assert list(verdict.rests_on.all()) == [claim_164]
    # the history keeps who decided what (the claims it rests on are a second record)
    records = list(verdict.history.order_by("history_date"))
    assert records[0].history_type == "+"
    assert {(r.history_user, r.agreement) for r in records} == {(editor, "definition")}
    assert [c.claim_id for c in records[-1].rests_on.all()] == [claim_164.pk]
    # a draft, the editor's own: readers still see the machine's verdict
    assert (verdict.status, verdict.drafted_by) == ("draft", editor)
    assert (analysed.agreement, analysed.automatic_agreement) == ("over_time", "over_time")
    # once a reviewer publishes it, the verdict shown is the editors'; the machine's is kept
    publish(verdict)
    analysed.refresh_from_db()
    assert (analysed.agreement, analysed.automatic_agreement) == ("definition", "over_time")
    assert analysed.verdict.decided_by == editor


def test_a_verdict_without_a_reason_is_refused(editor_client, analysed):
    form = question_form(analysed, **{"verdict-0-agreement": "conflict", "verdict-0-reason": "   "})
    response = editor_client.post(f"/admin/claims/question/{analysed.pk}/change/", form)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Verdict.objects.exists()
    analysed.refresh_from_db()
    assert analysed.agreement == "over_time"


def test_the_database_refuses_a_verdict_without_a_reason(analysed):
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(
            status="published", question=analysed, agreement="conflict", reason=""
        )


def test_a_verdict_rests_only_on_its_questions_claims(editor_client, analysed, claim_164, unrest):
    other = Question.objects.create(
        status="published",
        event=unrest,
        slug="other",
        text_en="Other?",
        text_de="Andere?",
        value_type="count",
    )
    form = {
        "question": other.pk,
        "agreement": "conflict",
        "reason": "Because.",
        "reason_de": "",
        "rests_on": [claim_164.pk],
    }
    response = editor_client.post("/admin/claims/verdict/add/", form)
    assert response.status_code == 200
    assert "A verdict rests only on answers to its question" in response.content.decode()
    assert not Verdict.objects.exists()


def test_every_verdict_change_is_kept_and_shown_in_the_history(editor_client, editor, verdict):
    # the verdict is published: a change to it is a correction, which a reviewer makes
    editor.groups.add(Group.objects.get(name="Reviewers"))
    url = f"/admin/claims/verdict/{verdict.pk}/change/"
    form = {
        "question": verdict.question_id,
        "agreement": "framing",
        "reason": "Same facts, different words.",
        "reason_de": "",
        "rests_on": [],
        "opened_version": verdict.version,
        "correction_reason": "The sources agree on the facts, not the words.",
    }
    assert editor_client.post(url, form).status_code == 302
    verdict.refresh_from_db()
    assert verdict.agreement == "framing" and verdict.decided_by == editor
    agreements = [r.agreement for r in verdict.history.order_by("history_date")]
    assert agreements[0] == "conflict" and agreements[-1] == "framing"
    page = editor_client.get(f"/admin/claims/verdict/{verdict.pk}/history/").content.decode()
    assert "erika" in page and "Same facts, different words." in page
    assert "The sources agree on the facts, not the words." in page
    question = Question.objects.get(pk=verdict.question_id)
    assert (question.agreement, question.automatic_agreement) == ("framing", "over_time")


def test_deleting_the_verdict_brings_back_the_automatic_one(admin_client, verdict):
    url = f"/admin/claims/verdict/{verdict.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    question = Question.objects.get(slug="unrest-death-toll")
    assert (question.agreement, question.automatic_agreement) == ("over_time", "over_time")


def relation_form(claim, **fields):
    return (
        claim_form(
            claim.question,
            claim.source,
            claim.actor,
            stated_value=claim.stated_value,
            bound=claim.bound,
            value=str(claim.value),
            # the bounds as the form was opened with them, as a browser posts them back
            value_min="" if claim.value_min is None else str(claim.value_min),
            value_max="" if claim.value_max is None else str(claim.value_max),
            quote=claim.quote,
            opened_version=claim.version,
            **{"relations-TOTAL_FORMS": "1"},
        )
        | fields
    )


def test_editor_relates_two_answers_and_the_analysis_reads_it(
    editor_client, editor, analysed, claim_164, claim_225
):
    form = relation_form(
        claim_225,
        **{"relations-0-kind": "contradicts", "relations-0-other": claim_164.pk},
    )
    # The claim is published: its relations are a correction, a reviewer's, with a reason.
    url = f"/admin/claims/claim/{claim_225.pk}/change/"
    refused = editor_client.post(url, form).content.decode()
    assert "a change to its relations is a correction, which a reviewer makes" in refused
    editor.groups.add(Group.objects.get(name="Reviewers"))
    form["correction_reason"] = "The later report contradicts the first."
    response = editor_client.post(url, form)
    assert response.status_code == 302
    relation = ClaimRelation.objects.get()
    assert (relation.claim, relation.other, relation.kind) == (claim_225, claim_164, "contradicts")
    assert relation.history.count() == 1
    analysed.refresh_from_db()
    assert analysed.agreement == "conflict"


def test_a_relation_to_an_answer_of_another_question_is_refused(
    editor_client, claim_225, unrest, report_164
):
    other = Question.objects.create(
        status="published",
        event=unrest,
        slug="other",
        text_en="Other?",
        text_de="Andere?",
        value_type="count",
    )
    stranger = Claim.objects.create(
        status="published",
        question=other,
        source=report_164,
        stated_value="3",
        bound="exact",
        value=3,
        value_min=3,
        value_max=3,
        quote="3",
    )
    form = relation_form(
        claim_225, **{"relations-0-kind": "revises", "relations-0-other": stranger.pk}
    )
    response = editor_client.post(f"/admin/claims/claim/{claim_225.pk}/change/", form)
    assert response.status_code == 200
    assert "Relate only claims that answer the same question." in response.content.decode()
    assert not ClaimRelation.objects.exists()
    with pytest.raises(ValidationError):
        ClaimRelation(claim=claim_225, other=stranger, kind="revises").full_clean()


def test_a_claim_cannot_relate_to_itself(claim_164):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimRelation.objects.create(claim=claim_164, other=claim_164, kind="repeats")


def test_a_claim_measures_only_what_its_question_measures(claim_164, unrest, death_toll):
    civilians = Measure.objects.create(question=death_toll, slug="civilians", name="civilians")
    other = Question.objects.create(
        status="published",
        event=unrest,
        slug="other",
        text_en="Other?",
        text_de="Andere?",
        value_type="count",
    )
    foreign = Measure.objects.create(question=other, slug="treaty", name="the treaty")
    claim_164.measure = civilians
    claim_164.full_clean()
    claim_164.measure = foreign
    with pytest.raises(ValidationError, match="this question's measures"):
        claim_164.full_clean()


def test_admin_claim_page_offers_only_the_questions_measures(
    editor_client, claim_164, unrest, death_toll
):
    Measure.objects.create(question=death_toll, slug="civilians", name="Civilians only")
    other = Question.objects.create(
        status="published",
        event=unrest,
        slug="other",
        text_en="Other?",
        text_de="Andere?",
        value_type="count",
    )
    Measure.objects.create(question=other, slug="treaty", name="The 1992 treaty")
    page = editor_client.get(f"/admin/claims/claim/{claim_164.pk}/change/").content.decode()
    assert "Civilians only" in page and "The 1992 treaty" not in page


def test_comparison_shows_the_editors_verdict_beside_the_automatic_one(client, verdict):
    page = client.get(URL).content.decode()
    assert "Editors&#x27; verdict" in page or "Editors' verdict" in page
    assert "The 164 was withdrawn as published in error" in page
    # Readers never see a login name: the full name, or "the editors".
    assert not re.search(r"\berika\b", page) and "Decided by the editors" in page
    verdict.decided_by.first_name, verdict.decided_by.last_name = "Erika", "Mustermann"
    verdict.decided_by.save()
    changed(questions=[verdict.question_id])
    page = client.get(URL).content.decode()
    assert "Decided by Erika Mustermann" in page
    assert "Automatic analysis" in page and "Count grew over time" in page
    assert page.index("Editors") < page.index("Automatic analysis")
    assert 'class="badge badge-conflict"' in page
    # in German, the German reason
    client.cookies["django_language"] = "de"
    page = client.get(URL).content.decode()
    assert "Die 164 wurde als Fehler zurückgezogen" in page


def test_comparison_without_a_verdict_says_the_analysis_is_automatic(client, analysed):
    page = client.get(URL).content.decode()
    assert "automatic analysis" in page
    assert "Editors&#x27; verdict" not in page and "Editors' verdict" not in page


def test_cards_show_their_relations_measure_and_which_date(client, analysed, claim_164, claim_225):
    ClaimRelation.objects.create(claim=claim_225, other=claim_164, kind="revises")
    measure = Measure.objects.create(
        question=analysed, slug="all", name="All deaths", name_de="Alle Toten"
    )
    claim_225.measure = measure
    claim_225.as_of = claim_225.source.published_on
    claim_225.as_of_precision = "month"
    claim_225.save()
    page = client.get(URL).content.decode()
    card_164 = page[page.index(f'id="claim-{claim_164.pk}"') :]
    card_225 = page[page.index(f'id="claim-{claim_225.pk}"') :]
    assert f'revised by <a href="#claim-{claim_225.pk}">' in card_164.split("</article>")[0]
    assert f'revises <a href="#claim-{claim_164.pk}">' in card_225.split("</article>")[0]
    assert "All deaths" in card_225.split("</article>")[0]
    assert "published Jan. 10, 2022 (no as-of date)" in card_164.split("</article>")[0]
    assert "as of August 2022" in card_225.split("</article>")[0]


def test_index_shows_the_verdict_and_marks_it_as_the_editors(client, verdict):
    page = client.get("/").content.decode()
    assert 'class="badge badge-conflict">Conflict<' in page
    assert "editors&#x27;" in page or "editors'" in page
    assert "How many people died" in client.get("/?agreement=conflict").content.decode()
    assert "How many people died" not in client.get("/?agreement=over_time").content.decode()


def test_index_filters_by_framing(client, verdict):
    verdict.agreement = "framing"
    verdict.save()
    verdict.question.refresh_analysis()
    response = client.get("/?agreement=framing")
    assert response.status_code == 200
    assert "How many people died" in response.content.decode()


def test_api_gives_the_shown_and_the_automatic_verdict(client, verdict, claim_164, claim_225):
    ClaimRelation.objects.create(claim=claim_225, other=claim_164, kind="revises", note="later")
    data = client.get("/api/questions/unrest-death-toll/").json()
    assert (data["agreement"], data["automatic_agreement"]) == ("conflict", "over_time")
    assert data["verdict"]["agreement"] == "conflict"
    assert data["verdict"]["reason"].startswith("The 164 was withdrawn")
    assert data["verdict"]["reason_de"].startswith("Die 164")
    assert sorted(data["verdict"]["rests_on"]) == sorted([claim_164.pk, claim_225.pk])
    assert data["verdict"]["updated_at"]
    claims = {claim["id"]: claim for claim in data["claims"]}
    assert claims[claim_225.pk]["relations"] == [
        {"kind": "revises", "other": claim_164.pk, "note": "later"}
    ]
    assert claims[claim_164.pk]["measure"] is None and claims[claim_164.pk]["tolerance"] is None


def test_api_question_without_a_verdict_has_null(client, analysed):
    data = client.get("/api/questions/unrest-death-toll/").json()
    assert data["verdict"] is None and data["agreement"] == data["automatic_agreement"]


def test_a_verdict_relation_or_measure_change_shows_at_once(client, verdict, claim_164, claim_225):
    assert "The 164 was withdrawn" in client.get(URL).content.decode()
    # Each change said out loud, as the admin says it (pages.admin.RenewsPages).
    verdict.reason = "Reconsidered."
    verdict.save()
    changed_objects(verdict)
    assert "Reconsidered." in client.get(URL).content.decode()
    relation = ClaimRelation.objects.create(claim=claim_225, other=claim_164, kind="repeats")
    changed_objects(relation)
    assert "repeated by" in client.get(URL).content.decode()
    relation.kind = "contradicts"
    relation.save()
    changed_objects(relation)
    assert "contradicted by" in client.get(URL).content.decode()
    measure = Measure.objects.create(question=verdict.question, slug="all", name="All deaths")
    claim_164.measure = measure
    claim_164.save()
    changed_objects(claim_164)
    assert "All deaths" in client.get(URL).content.decode()
    measure.name = "Every death"
    measure.save()
    changed_objects(measure)
    assert "Every death" in client.get(URL).content.decode()


def test_comparison_with_a_verdict_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, verdict
):
    # Expect 5 queries the first time: those of a question without a verdict
    # (test_comparison_cache, its versions included), plus the claims the verdict rests on
    # (when it was first published is a field of its own; its history is read only once
    # it was corrected).
    with django_assert_num_queries(5):
        client.get(URL)
    # and one while nothing it shows has changed: its versions
    with django_assert_num_queries(1):
        client.get(URL)


def test_api_question_with_a_verdict_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, verdict
):
    # the question with its event and verdict; its claims; their relations; the
    # claims the verdict rests on; what its claims name, and those versions
    with django_assert_num_queries(6):
        client.get("/api/questions/unrest-death-toll/")


def test_saving_or_deleting_a_verdict_then_refreshing_updates_the_verdict_shown(analysed):
    # The admin refreshes the question's analysis after it saves or deletes a verdict.
    verdict = Verdict.objects.create(
        status="published", question=analysed, agreement="framing", reason="Words."
    )
    analysed.refresh_analysis()
    analysed.refresh_from_db()
    assert (analysed.agreement, analysed.automatic_agreement) == ("framing", "over_time")
    verdict.delete()
    analysed.refresh_analysis()
    analysed.refresh_from_db()
    assert analysed.agreement == "over_time"
