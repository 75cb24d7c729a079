"""Review before publishing: readers see what a second person published, on every surface,
and every change after publication as a correction."""

import json
import re
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth.models import Group
from django.test import Client

from claims.models import Claim, Question, Verdict
from claims.resources import ClaimResource
from claims.review import ReviewRefused, move, moves_for
from sources.models import Actor, Source

from .admin_forms import opened_form

pytestmark = pytest.mark.django_db

SECRET = "Drohnenschwarm"  # a word only the drafts use


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user(
        "rita", password="correct horse battery", first_name="Rita", last_name="Reviewer"
    )
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def drafts(death_toll, claim_164, claim_225, unrest, editor):
    """A draft question answered by a draft claim from a draft source, and on the
    published question a draft claim and a draft verdict."""
    spy = Actor.objects.create(kind=Actor.Kind.PERSON, name="Agent Smith", slug="agent")
    hidden = Source.objects.create(
        title=f"Bericht {SECRET}",
        slug="geheimer-bericht",
        kind=Source.Kind.NEWS_REPORT,
        language="de",
        text=f"Ein {SECRET} von 9999 Geräten wurde gesichtet; 7777 Menschen starben.",
        drafted_by=editor,
    )
    question = Question.objects.create(
        event=unrest,
        slug="drone-swarm",
        text_en=f"How large was the {SECRET}?",
        value_type=Question.ValueType.COUNT,
        drafted_by=editor,
    )
    swarm = Claim.objects.create(
        question=question,
        source=hidden,
        actor=spy,
        stated_value="9999",
        bound=Claim.Bound.EXACT,
        value=Decimal(9999),
        value_min=Decimal(9999),
        value_max=Decimal(9999),
        quote=f"Ein {SECRET} von 9999 Geräten wurde gesichtet",
        drafted_by=editor,
    )
    # A draft answer to the published question, from a published source.
    toll = Claim.objects.create(
        question=death_toll,
        source=claim_225.source,
        actor=spy,
        stated_value="7777",
        bound=Claim.Bound.EXACT,
        value=Decimal(7777),
        value_min=Decimal(7777),
        value_max=Decimal(7777),
        quote="mindestens 225 Menschen",
        notes=SECRET,
        drafted_by=editor,
    )
    verdict = Verdict.objects.create(
        question=death_toll, agreement="conflict", reason=f"{SECRET}: a draft verdict.",
        drafted_by=editor,
    )  # fmt: skip
    death_toll.refresh_analysis()
    return {"source": hidden, "question": question, "swarm": swarm, "toll": toll,
            "verdict": verdict, "actor": spy}  # fmt: skip


def public_surfaces(drafts, claim_164) -> list[str]:
    return [
        "/",
        "/?q=Geräten",
        "/questions/unrest-death-toll/",
        f"/claims/{claim_164.pk}/",
        "/sources/",
        "/sources/bilanz-der-januarereignisse/",
        "/actors/agent/",
        "/events/kazakhstan-unrest-2022/",
        "/search/?q=Geräten",
        "/search/?q=Agent",
        "/suggest/source/?q=Bericht",
        "/suggest/outlet/",
        "/api/questions/",
        "/api/questions/unrest-death-toll/",
        "/api/claims/",
        "/api/sources/",
        "/export/claims.csv",
        "/export/claims.json",
        "/questions/unrest-death-toll/claims.csv",
        "/questions/unrest-death-toll/cite.bib",
        "/sitemap-questions.xml",
        "/sitemap-claims.xml",
        "/sitemap-sources.xml",
        "/feeds/dossier.atom",
        "/questions/unrest-death-toll/feed.atom",
        "/events/kazakhstan-unrest-2022/feed.atom",
    ]


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def assert_nothing_of(drafts, text: str, url: str):
    for word in (SECRET, "7777", "9999", "drone-swarm", "geheimer-bericht"):
        assert word not in text, f"{url} shows the draft's {word!r}"
    assert f"/claims/{drafts['toll'].pk}/" not in text, url


def test_drafts_are_on_no_public_surface_for_readers_or_an_editors_kept_pages(
    editor_client, drafts, claim_164
):
    client = Client()  # a reader: editor_client is pytest-django's client, logged in
    for url in public_surfaces(drafts, claim_164):
        # The editor first, so that any page kept is one an editor's request built.
        for who in (editor_client, client):
            response = who.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert_nothing_of(drafts, body(response), url)
    for url in (
        "/questions/drone-swarm/",
        f"/claims/{drafts['swarm'].pk}/",
        f"/claims/{drafts['toll'].pk}/",
        f"/claims/{drafts['toll'].pk}/cite.bib",
        "/sources/geheimer-bericht/",
        "/api/questions/drone-swarm/",
        f"/api/claims/{drafts['toll'].pk}/",
        "/api/sources/geheimer-bericht/",
        "/questions/drone-swarm/claims.csv",
        "/questions/drone-swarm/feed.atom",
    ):
        assert client.get(url).status_code == 404, url


def test_the_published_agreement_ignores_a_draft_answer_and_a_draft_verdict(drafts, death_toll):
    death_toll.refresh_from_db()
    # 164 and at least 225, over time; the draft 7777 and the draft "conflict" count not.
    assert death_toll.source_count == 2
    assert death_toll.agreement == death_toll.automatic_agreement != "conflict"


def test_publishing_shows_each_at_once_even_on_kept_pages(client, drafts, reviewer, editor):
    assert SECRET not in client.get("/questions/unrest-death-toll/").content.decode()
    assert SECRET not in client.get("/").content.decode()
    for key in ("source", "question", "swarm", "toll"):
        move(drafts[key], "send_for_review", editor)
        move(drafts[key], "publish", reviewer)
    page = client.get("/questions/unrest-death-toll/").content.decode()
    assert "7777" in page and SECRET in page  # the claim's note
    assert SECRET in client.get("/").content.decode()  # the new question
    assert client.get("/questions/drone-swarm/").status_code == 200
    assert client.get(f"/claims/{drafts['swarm'].pk}/").status_code == 200
    assert "9999" in client.get("/sources/geheimer-bericht/").content.decode()
    api = client.get("/api/questions/unrest-death-toll/").json()
    assert "7777" in [claim["stated_value"] for claim in api["claims"]]
    assert api["verdict"] is None  # still a draft
    move(drafts["verdict"], "publish", reviewer)
    api = client.get("/api/questions/unrest-death-toll/").json()
    assert api["verdict"]["agreement"] == "conflict"
    assert "a draft verdict" in client.get("/questions/unrest-death-toll/").content.decode()
    # Who drafted and who published it are the editors' business, never the readers'.
    for url in ("/questions/unrest-death-toll/", "/api/questions/unrest-death-toll/",
                "/feeds/dossier.atom", f"/claims/{drafts['toll'].pk}/"):  # fmt: skip
        page = client.get(url).content.decode()
        assert "erika" not in page and "rita" not in page, url


def test_an_editor_cannot_publish_and_a_reviewer_not_their_own(
    drafts, editor, reviewer, settings, death_toll
):
    swarm = drafts["swarm"]
    with pytest.raises(ReviewRefused, match="Only a reviewer publishes"):
        move(swarm, "publish", editor)
    mine = Claim.objects.create(
        question=death_toll, source=drafts["toll"].source, stated_value="1", quote="225",
        value=1, value_min=1, value_max=1, bound="exact", drafted_by=reviewer,
    )  # fmt: skip
    move(mine, "send_for_review", reviewer)
    with pytest.raises(ReviewRefused, match="a second person publishes it"):
        move(mine, "publish", reviewer)
    settings.DOSSIER_PUBLISH_OWN_WORK = True  # a team of one
    assert move(mine, "publish", reviewer).is_published
    # Someone else's work, straight from draft: a reviewer may.
    assert move(swarm, "publish", reviewer).is_published


def test_in_the_admin_the_editor_is_refused_and_a_reviewer_publishes(
    client, editor_client, reviewer, drafts
):
    swarm = drafts["swarm"]
    review = f"/admin/claims/claim/{swarm.pk}/review/"
    page = editor_client.get(review).content.decode()
    assert 'value="send_for_review"' in page and 'value="publish"' not in page
    response = editor_client.post(review, {"action": "publish"}, follow=True)
    assert "Only a reviewer publishes" in response.content.decode()
    editor_client.post(review, {"action": "send_for_review"})
    swarm.refresh_from_db()
    assert swarm.status == "in_review"

    client.force_login(reviewer)
    queue = client.get("/admin/review/").content.decode()
    assert "9999" in queue and "erika" in queue
    response = client.post(review, {"action": "send_back", "note": ""}, follow=True)
    assert "Say what should change" in response.content.decode()
    client.post(review, {"action": "send_back", "note": "Quote the whole sentence."})
    swarm.refresh_from_db()
    assert (swarm.status, swarm.review_note) == ("draft", "Quote the whole sentence.")
    assert "Quote the whole sentence." in client.get("/admin/review/").content.decode()


def test_two_reviewers_acting_on_one_state_the_second_is_told(drafts, reviewer, editor):
    swarm = drafts["swarm"]
    stale = Claim.objects.get(pk=swarm.pk)
    move(swarm, "send_for_review", editor)
    move(swarm, "publish", reviewer)
    with pytest.raises(ReviewRefused, match="someone acted on it meanwhile"):
        move(stale, "send_for_review", editor)


def test_a_correction_shows_with_its_reason_and_needs_a_reviewer(
    client, editor_client, reviewer, claim_164
):
    url = f"/admin/claims/claim/{claim_164.pk}/change/"
    data = opened_form(editor_client.get(url)) | {"rank": "preferred", "rank_reason": "Official."}
    refused = editor_client.post(url, data)
    assert refused.status_code == 200
    assert "a change to it is a correction, which a reviewer makes" in refused.content.decode()

    client.force_login(reviewer)
    no_reason = client.post(url, data)
    assert "Say why it is corrected" in no_reason.content.decode()
    data["correction_reason"] = "The ministry confirmed the figure."
    claim_164.history.all().delete()  # as the demo's claims, loaded with no history
    assert client.post(url, data).status_code == 302
    page = client.get(f"/claims/{claim_164.pk}/").content.decode()
    assert "Corrected on" in page and "The ministry confirmed the figure." in page
    # What changed, told apart from the version readers saw before.
    assert re.search(r"Corrected on [^<]*: rank, reason for the rank —", page)
    client.logout()
    feed = client.get("/feeds/dossier.atom").content.decode()
    assert "The ministry confirmed the figure." in feed


def test_a_withdrawn_claim_answers_410_with_the_note_in_pages_and_api(
    client, reviewer, claim_164, death_toll
):
    with pytest.raises(ReviewRefused, match="Say why"):
        move(claim_164, "withdraw", reviewer)
    move(claim_164, "withdraw", reviewer, "The report was retracted by its outlet.")
    page = client.get(f"/claims/{claim_164.pk}/")
    assert page.status_code == 410
    assert "The report was retracted by its outlet." in page.content.decode()
    api = client.get(f"/api/claims/{claim_164.pk}/")
    assert api.status_code == 410
    assert api.json()["note"] == "The report was retracted by its outlet."
    assert "164" not in body(client.get("/questions/unrest-death-toll/claims.csv"))
    verdict = Verdict.objects.create(
        question=death_toll, agreement="agree", reason="Settled.", status="published"
    )
    move(verdict, "withdraw", reviewer, "It rested on the retracted report.")
    page = client.get("/questions/unrest-death-toll/").content.decode()
    assert "The editors withdrew their verdict on" in page and "Settled." not in page
    assert "It rested on the retracted report." in page
    assert client.get("/api/questions/unrest-death-toll/").json()["verdict"] is None
    move(death_toll, "withdraw", reviewer, "Asked twice.")
    assert client.get("/questions/unrest-death-toll/").status_code == 410
    assert client.get("/api/questions/unrest-death-toll/").status_code == 410


def test_a_conflict_verdict_needs_two_published_voices_that_disagree(
    drafts, reviewer, death_toll, claim_225
):
    verdict = drafts["verdict"]
    move(claim_225, "withdraw", reviewer, "Retracted.")
    with pytest.raises(ReviewRefused, match="at least two published voices"):
        move(verdict, "publish", reviewer)
    move(claim_225, "publish", reviewer)
    assert move(verdict, "publish", reviewer).is_published
    # One of its voices withdrawn: the verdict stays, flagged for a reviewer's look.
    move(claim_225, "withdraw", reviewer, "Retracted again.")
    verdict.refresh_from_db()
    assert verdict.is_published and verdict.needs_review
    assert "publish" in moves_for(reviewer, verdict)
    with pytest.raises(ReviewRefused, match="at least two published voices"):
        move(verdict, "publish", reviewer)  # the conflict it states has one voice left
    move(claim_225, "publish", reviewer)
    assert not move(verdict, "publish", reviewer).needs_review  # looked at again


def test_moving_a_claim_flags_both_questions_verdicts(admin_client, drafts, reviewer, claim_164):
    verdict = drafts["verdict"]
    move(verdict, "publish", reviewer)
    other = drafts["question"]
    Verdict.objects.create(question=other, agreement="agree", reason="One voice.",
                           status="published")  # fmt: skip
    url = f"/admin/claims/claim/{claim_164.pk}/change/"
    data = opened_form(admin_client.get(url)) | {
        "question": other.pk,
        "correction_reason": "It answers the other question.",
    }
    assert admin_client.post(url, data).status_code == 302
    flagged = set(Verdict.objects.filter(needs_review=True).values_list("question", flat=True))
    assert flagged == {claim_164.question_id, other.pk}
    assert (
        "It answers the other question." not in admin_client.get("/admin/review/").content.decode()
    )
    assert (
        "A claim moved from one question to the other."
        in admin_client.get("/admin/review/").content.decode()
    )


def test_an_unpublishable_text_shows_only_its_quoted_passages(client, claim_164, report_164):
    text = f"Erstens geheim. Zweitens geheim. Drittens dazu. {report_164.text} Danach mehr."
    Source.objects.filter(pk=report_164.pk).update(text=text, text_public=False)
    from pages.changes import changed

    changed(sources=[report_164.pk])
    page = client.get(f"/sources/{report_164.slug}/").content.decode()
    assert "164 Menschen" in page
    assert "Full text" not in page and "The quoted passages" in page
    # One sentence either side, not the whole text: so on the claim's page too.
    for shown in (page, client.get(f"/claims/{claim_164.pk}/").content.decode()):
        assert "Drittens dazu." in shown and "Danach mehr." in shown
        assert "Erstens" not in shown and "Zweitens" not in shown
    api = client.get(f"/api/sources/{report_164.slug}/").json()
    assert api["text"] is None and api["text_public"] is False


def test_reviewers_publish_and_editors_do_not(editor, reviewer):
    assert reviewer.has_perm("claims.publish_claim") and reviewer.has_perm("sources.publish_source")
    assert reviewer.has_perm("claims.change_claim")
    assert not editor.has_perm("claims.publish_claim")


def test_new_work_in_the_admin_starts_as_a_draft_by_its_author(editor_client, editor, report_164):
    response = editor_client.post(
        "/admin/sources/source/add/",
        {
            "title": "Neu",
            "slug": "neu",
            "kind": "news_report",
            "language": "de",
            "text": "Text.",
            "opened_version": "",
        },  # fmt: skip
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    new = Source.objects.get(slug="neu")
    assert (new.status, new.drafted_by) == ("draft", editor)
    # Readers see the one published source, not the draft.
    assert json.loads(editor_client.get("/api/sources/").content)["count"] == 1


def test_an_editor_previews_drafts_marked_and_the_preview_is_kept_for_nobody(editor_client, drafts):
    client = Client()  # a reader
    preview = editor_client.get("/questions/unrest-death-toll/?preview=1").content.decode()
    assert "7777" in preview and "Preview for editors" in preview
    # The draft answer marked in the table and on its card, and the draft verdict.
    assert preview.count('<span class="review-mark">Draft</span>') == 3
    assert 'name="robots" content="noindex"' in preview
    assert SECRET in editor_client.get("/questions/drone-swarm/?preview=1").content.decode()
    assert "9999" in editor_client.get(f"/claims/{drafts['swarm'].pk}/?preview=1").content.decode()
    # Readers: the same addresses show nothing of it, preview asked for or not.
    for url in ("/questions/unrest-death-toll/?preview=1", "/questions/unrest-death-toll/"):
        page = client.get(url).content.decode()
        assert "7777" not in page and "Preview for editors" not in page
    assert client.get("/questions/drone-swarm/?preview=1").status_code == 404
    assert client.get(f"/claims/{drafts['swarm'].pk}/?preview=1").status_code == 404
    # And the editor's own page, without ?preview, is the readers'.
    assert "7777" not in editor_client.get("/questions/unrest-death-toll/").content.decode()


def imported(rows: list[dict], user):
    """The claims' resource importing these rows, as the admin's import does for the user."""
    dataset = tablib.Dataset(headers=list(rows[0]))
    for row in rows:
        dataset.append(list(row.values()))
    return ClaimResource().import_data(dataset, dry_run=False, user=user, file_name="fix.csv")


def test_an_import_changing_a_published_claim_is_a_correction_by_a_reviewer(
    client, editor, reviewer, claim_164
):
    exported = ClaimResource().export(queryset=Claim.objects.filter(pk=claim_164.pk)).dict
    changed = [exported[0] | {"notes": "Confirmed by the ministry."}]
    refused = imported(changed, editor)
    assert refused.has_validation_errors()
    assert "a change to it is a correction" in str(refused.invalid_rows[0].error_dict)
    claim_164.refresh_from_db()
    assert claim_164.notes == "" and claim_164.corrected_at is None

    assert not imported(changed, reviewer).has_validation_errors()
    page = Client().get(f"/claims/{claim_164.pk}/").content.decode()
    assert "Corrected on" in page and "Corrected by an import of fix.csv." in page


def test_an_imported_claim_is_a_draft_by_whoever_imported_it(editor, claim_164, death_toll):
    exported = ClaimResource().export(queryset=Claim.objects.filter(pk=claim_164.pk)).dict
    new = [exported[0] | {"stated_value": "164 Tote", "quote": "164 Menschen"}]
    assert not imported(new, editor).has_validation_errors()
    made = Claim.objects.get(stated_value="164 Tote")
    assert (made.status, made.drafted_by) == ("draft", editor)
    assert "164 Tote" not in Client().get("/questions/unrest-death-toll/").content.decode()


def test_a_verdict_corrected_to_conflict_needs_two_published_voices(
    admin_client, death_toll, claim_164, claim_225, reviewer
):
    verdict = Verdict.objects.create(
        question=death_toll, agreement="over_time", reason="It grew.", status="published"
    )
    move(claim_225, "withdraw", reviewer, "Retracted.")
    url = f"/admin/claims/verdict/{verdict.pk}/change/"
    data = opened_form(admin_client.get(url)) | {
        "agreement": "conflict",
        "correction_reason": "The figures clash.",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "at least two published voices" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.agreement == "over_time"


def with_relation(data: dict, other, kind="contradicts") -> dict:
    """The claim's form with one relation more, as the inline's "add another" posts it."""
    number = int(data["relations-TOTAL_FORMS"])
    return data | {
        "relations-TOTAL_FORMS": str(number + 1),
        f"relations-{number}-kind": kind,
        f"relations-{number}-other": str(other.pk),
        f"relations-{number}-note": "",
    }


def test_a_published_claims_relations_are_a_correction_by_a_reviewer(
    editor_client, reviewer, claim_164, claim_225
):
    url = f"/admin/claims/claim/{claim_164.pk}/change/"
    data = with_relation(opened_form(editor_client.get(url)), claim_225)
    refused = editor_client.post(url, data).content.decode()
    assert "a change to its relations is a correction, which a reviewer makes" in refused
    editor_client.force_login(reviewer)
    data = with_relation(opened_form(editor_client.get(url)), claim_225)
    assert "Say why the relations are corrected" in editor_client.post(url, data).content.decode()
    claim_164.history.all().delete()  # as the demo's claims, loaded with no history
    data["correction_reason"] = "The ministry's figure contradicts the later one."
    assert editor_client.post(url, data).status_code == 302
    assert claim_164.relations.count() == 1
    page = Client().get(f"/claims/{claim_164.pk}/").content.decode()
    assert re.search(
        r"Corrected on [^<]*: relations to other answers — The ministry&#x27;s figure", page
    )


def test_a_verdict_corrected_lists_only_what_changed(
    admin_client, death_toll, claim_164, claim_225
):
    verdict = Verdict.objects.create(
        question=death_toll, agreement="over_time", reason="It grew.", status="published"
    )
    verdict.rests_on.set([claim_164, claim_225])
    verdict.history.all().delete()  # as the demo's verdicts, loaded with no history
    url = f"/admin/claims/verdict/{verdict.pk}/change/"
    data = opened_form(admin_client.get(url)) | {
        "reason": "It grew from 164 to 225.",
        "correction_reason": "The figures named.",
    }
    assert admin_client.post(url, data).status_code == 302
    page = Client().get("/questions/unrest-death-toll/").content.decode()
    assert re.search(r"Corrected on [^<]*: reason — The figures named.", page)


def test_the_review_page_speaks_german(admin_client, drafts):
    admin_client.cookies["django_language"] = "de"
    page = admin_client.get(f"/admin/claims/claim/{drafts['swarm'].pk}/review/").content.decode()
    assert "Zur Prüfung geben" in page and "Veröffentlichen" in page
    assert "Was Leser zuerst sähen" in page


def test_an_editor_previews_a_draft_source_with_its_claims(editor_client, drafts, admin_client):
    client = Client()  # a reader
    preview = editor_client.get("/sources/geheimer-bericht/?preview=1").content.decode()
    assert SECRET in preview and "Preview for editors" in preview
    assert preview.count('<span class="review-mark"') == 2  # the source and its claim
    # A published source's page in preview lists its draft answer too, marked.
    published = editor_client.get("/sources/bilanz-der-januarereignisse/?preview=1")
    assert "7777" in published.content.decode()
    assert client.get("/sources/geheimer-bericht/?preview=1").status_code == 404
    assert "7777" not in client.get("/sources/bilanz-der-januarereignisse/").content.decode()
    # The review page leads there.
    review = admin_client.get(f"/admin/sources/source/{drafts['source'].pk}/review/")
    assert 'href="/sources/geheimer-bericht/?preview=1"' in review.content.decode()


@pytest.mark.parametrize("waiting", [1, 12])
def test_the_review_queue_reads_the_same_queries_however_long(
    admin_client, django_assert_num_queries, drafts, editor, waiting
):
    toll = drafts["toll"]
    for number in range(waiting):
        claim = Claim.objects.create(
            question=toll.question, source=toll.source, stated_value=f"{number} Tote",
            bound="exact", value=number, value_min=number, value_max=number,
            quote="225 Menschen", drafted_by=editor,
        )  # fmt: skip
        move(claim, "send_for_review", editor)
    # The session and user, then per kind: objects of each section and their published
    # versions — not a query per object listed.
    with django_assert_num_queries(12):
        page = admin_client.get("/admin/review/").content.decode()
    assert page.count("Tote") == waiting
