from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from claims.models import Claim
from tests.publishing import publish

pytestmark = pytest.mark.django_db

DOSSIER_MODELS = [
    "sources/actor",
    "sources/source",
    "claims/event",
    "claims/question",
    "claims/claim",
    "claims/verdict",
]


@pytest.fixture(params=["superuser", "editor"])
def staff_client(request, admin_client, editor_client):
    return admin_client if request.param == "superuser" else editor_client


@pytest.mark.parametrize("model", DOSSIER_MODELS)
def test_changelist_and_add_form_load_for_staff(staff_client, claim_164, claim_225, model):
    assert staff_client.get(f"/admin/{model}/").status_code == 200
    assert staff_client.get(f"/admin/{model}/add/").status_code == 200


def test_question_and_source_pages_list_their_claims_with_links(staff_client, claim_164):
    assert staff_client.get(f"/admin/claims/claim/{claim_164.pk}/change/").status_code == 200
    claim_link = f'<a href="/admin/claims/claim/{claim_164.pk}/change/">164</a>'
    question_page = staff_client.get(f"/admin/claims/question/{claim_164.question.pk}/change/")
    page = question_page.content.decode()
    assert claim_link in page and "Unruhen in Kasachstan" in page
    assert f'href="/admin/claims/claim/add/?question={claim_164.question.pk}"' in page
    source_page = staff_client.get(f"/admin/sources/source/{claim_164.source.pk}/change/")
    page = source_page.content.decode()
    assert claim_link in page and claim_164.question.text_en in page
    assert f'href="/admin/claims/claim/add/?source={claim_164.source.pk}"' in page


def test_editors_group_holds_exactly_the_dossier_permissions():
    permissions = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    expected = {
        (app, f"{action}_{model}")
        for app, models in {
            "sources": ["actor", "actoralias", "source"],
            "claims": ["event", "question", "claim", "verdict", "claimrelation", "measure"],
        }.items()
        for model in models
        for action in ["add", "change", "delete", "view"]
    }
    # Documents: seen, and brought in; an original is never changed or deleted by hand.
    expected |= {("documents", "add_document"), ("documents", "view_document")}
    assert permissions == expected


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_editor_cannot_manage_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/admin/claims/claim/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def claim_form(question, source, actor, **fields):
    return {
        "question": question.pk,
        "source": source.pk,
        "actor": actor.pk,
        "attribution": "according_to",
        "stated_value": "",
        "bound": "",
        "value": "",
        "value_min": "",
        "value_max": "",
        "date_value": "",
        "date_precision": "",
        "place": "",
        "boolean_value": "unknown",
        "text_value": "",
        "scope": "",
        "as_of": "",
        "as_of_precision": "",
        "quote": "",
        "quote_translation": "",
        "rank": "normal",
        "rank_reason": "",
        "notes": "",
        "measure": "",
        "tolerance": "",
        "opened_version": "",
        # the inline of relations to other claims, empty
        "relations-TOTAL_FORMS": "0",
        "relations-INITIAL_FORMS": "0",
    } | fields


def test_editor_enters_the_death_toll_example(
    editor_client, death_toll, report_164, report_225, government, officials
):
    for source, actor, stated, bound, value, quote in [
        (report_164, government, "164", "exact", "164", "kamen 164 Menschen ums Leben"),
        (report_225, officials, "mindestens 225", "at_least", "225", "mindestens 225 Menschen"),
    ]:
        form = claim_form(
            death_toll,
            source,
            actor,
            stated_value=stated,
            bound=bound,
            value=value,
            quote=quote,
        )
        response = editor_client.post("/admin/claims/claim/add/", form)
        assert response.status_code == 302, response.context["adminform"].form.errors

    claims = {c.stated_value: c for c in Claim.objects.all()}
    # drafts, the editor's own: readers' analysis counts them once a reviewer publishes them
    assert {(c.status, c.drafted_by.username) for c in claims.values()} == {("draft", "erika")}
    death_toll.refresh_from_db()
    assert (death_toll.source_count, death_toll.agreement) == (0, "unanswered")
    publish(*claims.values())
    claims = {c.stated_value: c for c in Claim.objects.all()}
    assert (claims["164"].value_min, claims["164"].value_max) == (Decimal(164), Decimal(164))
    assert (claims["mindestens 225"].value_min, claims["mindestens 225"].value_max) == (
        Decimal(225),
        None,
    )
    assert claims["mindestens 225"].actor == officials
    # and the index's stored analysis follows
    death_toll.refresh_from_db()
    assert (death_toll.source_count, death_toll.agreement) == (2, "over_time")


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"bound": "range", "value_min": "300", "value_max": "200"}, "lower bound must not"),
        ({"bound": "exact", "value": "164", "text_value": "viele"}, "exactly one kind of answer"),
        ({"bound": "exact", "value": "not a number"}, "Enter a number"),
        ({"bound": "exact", "value": "164", "as_of": "2022-13-45"}, "Enter a valid date"),
        ({"bound": "exact", "value": "164", "quote": ""}, "This field is required"),
    ],
)
def test_invalid_claim_gets_a_form_error(
    editor_client, death_toll, report_164, government, fields, message
):
    form = (
        claim_form(death_toll, report_164, government, stated_value="164", quote="164 Menschen")
        | fields
    )
    response = editor_client.post("/admin/claims/claim/add/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Claim.objects.exists()


def test_deleting_a_claim_updates_its_question(admin_client, claim_164, claim_225):
    question = claim_164.question
    question.refresh_analysis()
    response = admin_client.post(f"/admin/claims/claim/{claim_225.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.source_count, question.agreement) == (1, "single")


def test_two_editors_changing_one_claim_never_overwrite_each_other(
    editor_client, editor, admin_client, claim_164
):
    # both may correct the published claim: only the other's change stands in the way
    editor.groups.add(Group.objects.get(name="Reviewers"))
    opened = claim_164.version  # both open the claim
    first = claim_form(
        claim_164.question,
        claim_164.source,
        claim_164.actor,
        stated_value="164",
        bound="exact",
        value="164",
        quote=claim_164.quote,
        notes="Checked against the police statement.",
        opened_version=opened,
        # the claim is published: each change is a correction, with its reason
        correction_reason="Checked against the police statement.",
    )
    url = f"/admin/claims/claim/{claim_164.pk}/change/"
    assert admin_client.post(url, first).status_code == 302

    second = first | {"notes": "Unverified.", "value": "170"}
    response = editor_client.post(url, second)
    assert response.status_code == 200
    assert "changed by someone else while you were editing it" in response.content.decode()
    claim_164.refresh_from_db()
    assert claim_164.notes == "Checked against the police statement."
    assert claim_164.value == 164
    assert claim_164.version == opened + 1
