"""No edit is lost: two editors of one object, and a revert, never overwrite unawares."""

import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, Event, Question, Verdict
from sources.models import Actor, ActorAlias, Source
from tests.admin_forms import opened_form

pytestmark = pytest.mark.django_db

# (fixture, admin path, field the first editor changes, field the second editor changes)
EDITS = [
    ("report_164", "sources/source", "stance_notes", "reliability_notes"),
    ("death_toll", "claims/question", "scope_note", "editorial_note"),
    ("tokayev", "sources/actor", "description", "name"),
    ("unrest", "claims/event", "description", "name"),
    ("claim_164", "claims/claim", "notes", "scope"),
]


def change_url(path: str, obj) -> str:
    return f"/admin/{path}/{obj.pk}/change/"


def corrected(obj, form: dict, reason: str) -> dict:
    """The form with the reason a change to a published object, a correction, needs."""
    return form | {"correction_reason": reason} if getattr(obj, "is_published", False) else form


@pytest.fixture
def reviewer_editor(editor):
    """The second editor may correct what is published, as a reviewer: what refuses their
    save is only that their form is stale."""
    editor.groups.add(Group.objects.get(name="Reviewers"))
    return editor


@pytest.mark.parametrize("fixture, path, first_field, second_field", EDITS)
def test_two_editors_of_one_object_never_overwrite_each_other(
    request, admin_client, editor_client, reviewer_editor, fixture, path, first_field, second_field
):
    obj = request.getfixturevalue(fixture)
    url = change_url(path, obj)
    first = corrected(obj, opened_form(admin_client.get(url)), "Checked.")  # both open the form
    second = corrected(obj, opened_form(editor_client.get(url)), "Changed.")

    response = admin_client.post(url, first | {first_field: "Checked by the first editor."})
    assert response.status_code == 302, response.context["adminform"].form.errors
    # The second editor changed another field, from a form opened before that save.
    response = editor_client.post(url, second | {second_field: "Changed by the second editor."})

    assert response.status_code == 200
    name = obj._meta.verbose_name
    assert (
        f"This {name} was changed by someone else while you were editing it. "
        f"Your changes were not saved: open the {name} again"
    ) in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, first_field) == "Checked by the first editor."
    assert getattr(obj, second_field) != "Changed by the second editor."
    assert obj.version == 2


def test_a_stale_form_cannot_overwrite_an_actors_spellings(admin_client, editor_client, tokayev):
    url = change_url("sources/actor", tokayev)
    first = opened_form(admin_client.get(url))
    second = opened_form(editor_client.get(url))
    assert first["aliases-0-name"] == "Tokajew"
    assert admin_client.post(url, first | {"aliases-1-name": "Toqajew"}).status_code == 302

    # Only the spellings differ in the second form: still refused.
    response = editor_client.post(url, second | {"aliases-0-name": "Tokaev"})
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    assert set(tokayev.aliases.values_list("name", flat=True)) == {"Tokajew", "Toqajew"}


def test_a_fresh_form_saves_after_another_editors_save(admin_client, editor_client, unrest):
    url = change_url("claims/event", unrest)
    assert admin_client.post(url, opened_form(admin_client.get(url))).status_code == 302
    reopened = opened_form(editor_client.get(url))
    assert editor_client.post(url, reopened | {"description": "Reopened."}).status_code == 302
    unrest.refresh_from_db()
    assert (unrest.description, unrest.version) == ("Reopened.", 3)


def test_a_revert_is_a_new_version_and_a_form_opened_before_it_is_stale(
    admin_client, editor_client, reviewer_editor, claim_164
):
    url = change_url("claims/claim", claim_164)
    first_version = claim_164.history.earliest()
    edit = opened_form(admin_client.get(url)) | {"notes": "Second thoughts."}
    assert admin_client.post(url, corrected(claim_164, edit, "Noted.")).status_code == 302
    claim_164.refresh_from_db()
    assert claim_164.version == 2

    stale = corrected(claim_164, opened_form(editor_client.get(url)), "Scope.")  # at version 2
    revert_url = f"/admin/claims/claim/{claim_164.pk}/history/{first_version.history_id}/"
    revert = opened_form(admin_client.get(revert_url))
    assert revert["notes"] == ""  # the old version, without the notes
    revert = corrected(claim_164, revert, "Back to the first version.")
    assert admin_client.post(revert_url, revert).status_code == 302
    claim_164.refresh_from_db()
    assert (claim_164.notes, claim_164.version) == ("", 3)  # reverted, as a new version

    response = editor_client.post(url, stale | {"scope": "Only the cities."})
    assert response.status_code == 200
    assert "changed by someone else while you were editing it" in response.content.decode()
    claim_164.refresh_from_db()
    assert (claim_164.scope, claim_164.version) == ("", 3)


def test_a_revert_from_a_stale_history_page_is_refused(
    admin_client, editor_client, reviewer_editor, claim_164
):
    first_version = claim_164.history.earliest()
    revert_url = f"/admin/claims/claim/{claim_164.pk}/history/{first_version.history_id}/"
    revert = corrected(claim_164, opened_form(editor_client.get(revert_url)), "Back.")
    url = change_url("claims/claim", claim_164)
    edit = opened_form(admin_client.get(url)) | {"notes": "New."}
    assert admin_client.post(url, corrected(claim_164, edit, "Noted.")).status_code == 302

    response = editor_client.post(revert_url, revert)
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    claim_164.refresh_from_db()
    assert claim_164.notes == "New."


@pytest.mark.parametrize("model", [Source, Question, Actor, ActorAlias, Event, Claim, Verdict])
def test_every_edited_model_counts_its_versions(model):
    assert model._meta.get_field("version").default == 1


# Committed, as on a server: the revert view's row locks need a transaction of their own.
# (No serialized rollback: a browser test's flush before it may have re-created the
# content types under other keys. Hence a second superuser, not the Editors group.)
@pytest.mark.django_db(transaction=True)
def test_a_verdict_reverted_from_its_history_is_a_new_version(
    admin_client, client, django_user_model, death_toll, claim_164, claim_225
):
    client.force_login(django_user_model.objects.create_superuser("max"))
    verdict = Verdict.objects.create(
        status="published", question=death_toll, agreement="conflict", reason="First."
    )
    verdict.rests_on.set([claim_164])
    first_version = verdict.history.latest()
    url = change_url("claims/verdict", verdict)
    edit = opened_form(admin_client.get(url)) | {"reason": "Second.", "rests_on": [claim_225.pk]}
    assert admin_client.post(url, corrected(verdict, edit, "Rests on the 225.")).status_code == 302

    revert_url = f"/admin/claims/verdict/{verdict.pk}/history/{first_version.history_id}/"
    revert = opened_form(client.get(revert_url))
    assert revert["reason"] == "First."
    revert = corrected(verdict, revert, "Back to the first verdict.")
    assert client.post(revert_url, revert).status_code == 302
    verdict.refresh_from_db()
    assert (verdict.reason, verdict.version) == ("First.", 3)
    assert list(verdict.rests_on.all()) == [claim_164]


def test_an_actors_spelling_reverted_from_its_history_is_a_new_version(admin_client, tokayev):
    alias = tokayev.aliases.get()
    first_version = alias.history.latest()
    url = change_url("sources/actoralias", alias)
    edit = opened_form(admin_client.get(url)) | {"name": "Tokaev"}
    assert admin_client.post(url, edit).status_code == 302

    revert_url = f"/admin/sources/actoralias/{alias.pk}/history/{first_version.history_id}/"
    revert = opened_form(admin_client.get(revert_url))
    assert admin_client.post(revert_url, revert).status_code == 302
    alias.refresh_from_db()
    assert (alias.name, alias.version) == ("Tokajew", 3)
