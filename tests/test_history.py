"""Every create, change and delete is kept: who, when, what changed."""

import datetime

import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, Event, Question
from sources.authors import lost_authors
from sources.models import Actor, ActorAlias, Source
from tests.test_admin import claim_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fixture, model",
    [
        ("tokayev", Actor),
        ("tokayev", ActorAlias),
        ("report_164", Source),
        ("unrest", Event),
        ("death_toll", Question),
        ("claim_164", Claim),
    ],
)
def test_creating_changing_and_deleting_are_recorded(request, fixture, model):
    request.getfixturevalue(fixture)
    obj = model.objects.get()
    obj.save()
    history = list(model.history.order_by("history_date").values_list("history_type", flat=True))
    assert history == ["+", "~"]
    if model is not Actor:  # an actor is protected by what names it
        obj.delete()
        assert model.history.latest().history_type == "-"


def test_an_admin_edit_records_the_editor_and_what_changed(editor_client, editor, claim_164):
    # the claim is published: a change to it is a correction, which a reviewer makes
    editor.groups.add(Group.objects.get(name="Reviewers"))
    form = claim_form(
        claim_164.question,
        claim_164.source,
        claim_164.actor,
        stated_value="164",
        bound="exact",
        value="165",
        quote=claim_164.quote,
        opened_version=claim_164.version,
        confirm_figure="on",  # 165 is not the stated "164": the editor confirms it
        correction_reason="The source's correction gives 165.",
    )
    response = editor_client.post(f"/admin/claims/claim/{claim_164.pk}/change/", form)
    assert response.status_code == 302

    record = claim_164.history.latest()
    assert (record.history_type, record.history_user) == ("~", editor)
    assert record.history_change_reason == "The source's correction gives 165."
    delta = record.diff_against(record.prev_record)
    assert {"value", "value_min", "value_max"} <= set(delta.changed_fields)

    page = editor_client.get(f"/admin/claims/claim/{claim_164.pk}/history/").content.decode()
    assert "erika" in page
    assert "165" in page


def test_admin_adds_and_deletes_record_the_editor(editor_client, editor, tagesblatt):
    response = editor_client.post(
        "/admin/claims/event/add/",
        {
            "name": "CSTO deployment",
            "slug": "csto-deployment",
            "starts_on": "2022-01-06",
            "starts_precision": "day",
            "ends_on": "",
            "ends_precision": "",
            "place": "",
            "parent": "",
            "description": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.history.get().history_type, event.history.get().history_user) == ("+", editor)

    response = editor_client.post(f"/admin/claims/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = Event.history.latest()
    assert (deleted.history_type, deleted.history_user, deleted.name) == (
        "-",
        editor,
        "CSTO deployment",
    )


def test_a_sources_authors_are_part_of_its_history(report_164, tokayev):
    report_164.authors.add(tokayev)
    record = report_164.history.latest()
    assert [author.actor for author in record.authors.all()] == [tokayev]


def test_saving_a_claim_in_the_admin_leaves_its_questions_history_alone(
    admin_client, claim_164, death_toll
):
    before = death_toll.history.count()
    form = claim_form(
        death_toll,
        claim_164.source,
        claim_164.actor,
        stated_value="164",
        bound="exact",
        value="164",
        quote=claim_164.quote,
        notes="Checked again.",
        opened_version=claim_164.version,
        correction_reason="Checked against the source again.",
    )
    response = admin_client.post(f"/admin/claims/claim/{claim_164.pk}/change/", form)
    assert response.status_code == 302
    death_toll.refresh_from_db()
    assert death_toll.source_count == 1  # the analysis followed…
    assert death_toll.history.count() == before  # …without a change in the question's history


def test_editors_can_read_every_history_in_the_admin(editor_client, claim_164, tokayev):
    alias = tokayev.aliases.get()
    for obj in [
        tokayev,
        alias,
        claim_164.source,
        claim_164.question.event,
        claim_164.question,
        claim_164,
    ]:
        url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/history/"
        assert editor_client.get(url).status_code == 200, url


def test_comparison_page_shows_when_each_claim_last_changed(client, claim_164):
    Claim.objects.filter(pk=claim_164.pk).update(
        updated_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC)
    )
    page = client.get("/questions/unrest-death-toll/").content.decode()
    assert "Last changed" in page and "March 5, 2024" in page


def test_deleting_an_author_is_recorded_in_their_sources_history(report_164, tokayev, government):
    report_164.authors.set([tokayev, government])
    tokayev_pk = tokayev.pk
    with lost_authors([tokayev]):  # as the admin deletes actors
        tokayev.delete()
    latest = report_164.history.latest()
    assert latest.history_change_reason == "Author deleted: Kassym-Jomart Tokayev"
    assert [author.actor_id for author in latest.authors.all()] == [government.pk]
    before = latest.prev_record
    assert sorted(author.actor_id for author in before.authors.all()) == sorted(
        [tokayev_pk, government.pk]
    )
