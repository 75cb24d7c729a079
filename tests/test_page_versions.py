"""Every change renews, through one explicit call, exactly the kept pages that show what
it changed; an editor's save through the admin renews them, and nothing else."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation

from claims.models import Claim, Question, Verdict
from pages import kept
from pages.admin import RenewsPages
from pages.changes import changed, changed_everything
from pages.models import Version
from sources.models import ActorAlias, Source
from tests.admin_forms import opened_form
from tests.publishing import publish

pytestmark = pytest.mark.django_db

COMPARISON = "/questions/unrest-death-toll/"


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def admin_change(admin_client, obj, **fields):
    """Change the object through its admin change form, as an editor does; a change to
    what readers see is a correction, with its reason, which a reviewer (here a superuser)
    makes."""
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    data = opened_form(admin_client.get(url)) | corrected(obj) | fields
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def corrected(obj) -> dict:
    """The reason a change to a published object needs: it is a correction."""
    return {"correction_reason": "Corrected."} if getattr(obj, "is_published", False) else {}


def admin_delete(admin_client, obj):
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302


# What each kept page shows, by model: changed through the admin, the page shows the
# change at once. (fixture of the object, field, new text)
SHOWN = {
    COMPARISON: [
        ("death_toll", "text_en", "How many died, all told?"),
        ("unrest", "name", "The January events"),
        ("claim_164", "quote_translation", "Officially, 164 people died."),
        ("report_164", "title", "Neue Bilanz"),
        ("government", "name", "Kazakh government"),
        ("tagesblatt", "name", "Tagesblatt am Abend"),
    ],
    "/sources/unruhen-in-kasachstan/": [
        ("report_164", "title", "Neue Bilanz"),
        ("death_toll", "text_en", "How many died, all told?"),
        ("tagesblatt", "name", "Tagesblatt am Abend"),
    ],
    "/actors/government/": [
        ("government", "name", "Kazakh government"),
        ("death_toll", "text_en", "How many died, all told?"),
        ("report_164", "title", "Neue Bilanz"),
    ],
    "/sources/": [("report_164", "title", "Neue Bilanz")],
    "/?q=died": [("death_toll", "text_en", "How many died, all told?")],
    "/api/questions/": [("death_toll", "text_en", "How many died, all told?")],
    # One question's answers in the API show that question's version, not the index's.
    "/api/questions/unrest-death-toll/": [
        ("death_toll", "text_en", "How many died, all told?"),
        ("claim_164", "quote_translation", "Officially, 164 people died."),
        ("report_164", "slug", "neue-bilanz"),
        ("government", "slug", "kazakh-government"),
    ],
    "/api/claims/?question=unrest-death-toll": [
        ("claim_164", "quote_translation", "Officially, 164 people died."),
        ("report_164", "slug", "neue-bilanz"),
        ("government", "slug", "kazakh-government"),
    ],
}
CASES = [(url, *case) for url, cases in SHOWN.items() for case in cases]


@pytest.mark.parametrize(("url", "fixture", "field", "new"), CASES)
def test_an_admin_change_to_what_a_page_shows_renews_it(
    admin_client, request, claim_164, url, fixture, field, new
):
    obj = request.getfixturevalue(fixture)
    assert new not in text(admin_client, url)
    admin_change(admin_client, obj, **{field: new})
    assert new in text(admin_client, url)


def test_an_admin_delete_renews_the_pages_that_showed_it(admin_client, claim_164, claim_225):
    assert "mindestens 225" in text(admin_client, COMPARISON)
    assert "1 claim from" in text(admin_client, "/sources/bilanz-der-januarereignisse/")
    admin_delete(admin_client, claim_225)
    assert "mindestens 225" not in text(admin_client, COMPARISON)
    assert "0 claims from" in text(admin_client, "/sources/bilanz-der-januarereignisse/")


def test_a_bulk_delete_renews_the_pages_that_showed_them(admin_client, claim_164, claim_225):
    assert "mindestens 225" in text(admin_client, "/actors/officials/")
    data = {"action": "delete_selected", "_selected_action": [claim_225.pk], "post": "yes"}
    assert admin_client.post("/admin/claims/claim/", data).status_code == 302
    assert "mindestens 225" not in text(admin_client, "/actors/officials/")
    assert "mindestens 225" not in text(admin_client, COMPARISON)


def test_a_claim_moved_to_another_question_renews_both(admin_client, claim_164, unrest):
    other = Question.objects.create(
        status="published", event=unrest, slug="injured", text_en="How many injured?"
    )
    assert ">164<" in text(admin_client, COMPARISON)
    assert ">164<" not in text(admin_client, "/questions/injured/")
    admin_change(admin_client, claim_164, question=other.pk)
    assert ">164<" not in text(admin_client, COMPARISON)
    assert ">164<" in text(admin_client, "/questions/injured/")


def test_a_verdict_and_a_spelling_added_in_the_admin_show_at_once(
    admin_client, claim_164, claim_225, death_toll, government
):
    assert "The figures disagree." not in text(admin_client, COMPARISON)
    add = opened_form(admin_client.get("/admin/claims/verdict/add/"))
    add |= {"question": death_toll.pk, "agreement": "conflict", "reason": "The figures disagree."}
    assert admin_client.post("/admin/claims/verdict/add/", add).status_code == 302
    # A draft: readers see it once a reviewer publishes it, and then at once.
    assert "The figures disagree." not in text(admin_client, COMPARISON)
    publish(Verdict.objects.get())
    assert "The figures disagree." in text(admin_client, COMPARISON)
    assert Verdict.objects.get().question.agreement == "conflict"
    assert "Regierungskabinett" not in text(admin_client, "/actors/government/")
    add = opened_form(admin_client.get("/admin/sources/actoralias/add/"))
    add |= {"actor": government.pk, "name": "Regierungskabinett", "kind": "translation"}
    assert admin_client.post("/admin/sources/actoralias/add/", add).status_code == 302
    assert "Regierungskabinett" in text(admin_client, "/actors/government/")
    assert ActorAlias.objects.filter(name="Regierungskabinett").exists()


def test_a_history_revert_renews_the_page(admin_client, claim_164, report_164):
    admin_change(admin_client, report_164, title="Neue Bilanz")
    assert "Neue Bilanz" in text(admin_client, COMPARISON)
    first = report_164.history.order_by("history_date").first()
    url = f"/admin/sources/source/{report_164.pk}/history/{first.history_id}/"
    data = opened_form(admin_client.get(url)) | corrected(report_164)
    assert admin_client.post(url, data).status_code == 302
    assert "Neue Bilanz" not in text(admin_client, COMPARISON)


@pytest.fixture
def elsewhere(unrest):
    """A question, source and actor that nothing of claim_164 touches, with its claim."""
    outlet_question = Question.objects.create(
        status="published", event=unrest, slug="arrests", text_en="How many were arrested?"
    )
    source = Source.objects.create(
        status="published",
        text_public=True,
        title="Festnahmen",
        slug="festnahmen",
        kind=Source.Kind.NEWS_REPORT,
        text="10 000.",
    )
    return Claim.objects.create(status="published", 
        question=outlet_question, source=source, stated_value="10 000", value=10000,
        value_min=10000, value_max=10000, bound=Claim.Bound.EXACT, quote="10 000.",
    )  # fmt: skip


UNRELATED = (
    "/questions/arrests/",
    "/sources/festnahmen/",
    "/api/questions/arrests/",
    "/api/claims/?question=arrests",
)


def test_a_claim_save_leaves_unrelated_pages_kept(
    client, admin_client, django_assert_num_queries, claim_164, elsewhere
):
    for url in UNRELATED:
        text(client, url)
    admin_change(admin_client, claim_164, quote_translation="Officially, 164 people died.")
    for url in UNRELATED:
        # Expect 1 query for a reader: the page's versions; it is not built again.
        with django_assert_num_queries(1):
            text(client, url)


def test_changed_renews_the_named_versions_and_the_index(claim_164):
    changed(questions=[1, None], actors=[7])
    assert set(Version.objects.values_list("name", flat=True)) >= {
        "question:1",
        "actor:7",
        "index",
    }
    assert not Version.objects.filter(name="question:None").exists()


def test_a_change_rolled_back_renews_nothing():
    before = dict(Version.objects.values_list("name", "value"))
    with pytest.raises(RuntimeError), transaction.atomic():
        changed(questions=[12])
        raise RuntimeError
    assert dict(Version.objects.values_list("name", "value")) == before


def key_of(url: str) -> str:
    with translation.override("en"):
        return kept.page_key(RequestFactory().get(url))


def test_an_outdated_page_is_served_while_another_process_builds_it(
    client, django_assert_num_queries, settings, claim_164, report_164
):
    settings.KEPT_PAGE_MAX_STALE_SECONDS = 30
    assert "Neue Bilanz" not in text(client, COMPARISON)
    report_164.title = "Neue Bilanz"
    report_164.save()
    changed(sources=[report_164.pk])
    kept.cache.add(f"{key_of(COMPARISON)}:building", "another process")
    # Expect 1 query: the versions, which say the page is outdated; the other process
    # builds it, and this reader gets the page as it was.
    with django_assert_num_queries(1):
        assert "Neue Bilanz" not in text(client, COMPARISON)
    kept.cache.delete(f"{key_of(COMPARISON)}:building")  # their build failed or ended
    assert "Neue Bilanz" in text(client, COMPARISON)


def test_an_outdated_page_older_than_the_maximum_age_is_waited_for(
    client, settings, monkeypatch, claim_164, report_164
):
    settings.KEPT_PAGE_MAX_STALE_SECONDS = 0
    monkeypatch.setattr(kept, "BUILD_SECONDS", 0.2)
    text(client, COMPARISON)
    report_164.title = "Neue Bilanz"
    report_164.save()
    changed(sources=[report_164.pk])
    kept.cache.add(f"{key_of(COMPARISON)}:building", "a slow process")
    # Too old to serve: this reader waits for the builder, then builds it itself.
    assert "Neue Bilanz" in text(client, COMPARISON)


def test_changed_everything_renews_every_page(client, claim_164, report_164):
    text(client, COMPARISON)
    Source.objects.filter(pk=report_164.pk).update(title="Neue Bilanz")
    assert "Neue Bilanz" not in text(client, COMPARISON)
    changed_everything()
    assert "Neue Bilanz" in text(client, COMPARISON)


def test_a_page_kept_from_another_database_is_not_served(client, claim_164, report_164):
    text(client, COMPARISON)
    Source.objects.filter(pk=report_164.pk).update(title="Neue Bilanz")
    Version.objects.all().delete()  # as a database emptied or made anew
    assert "Neue Bilanz" in text(client, COMPARISON)


# Models no public page shows, with the reason.
NOT_SHOWN = {
    "claims.ImportConfirmation": "a preview's token, used once by the import",
    "claims.DistinctPair": "an editor's judgement, read by the admin's duplicates page only",
}


def dossier_models():
    for label in ("claims", "sources"):
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def test_every_model_the_pages_show_has_a_path_to_renewing_them():
    """A new model is either said to be shown nowhere, or names the pages it renews
    (`renews()`) and is edited only through admins that renew them: on its own page, or
    inline on another's."""
    edited_inline = {
        inline.model: model_admin
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    for model in dossier_models():
        label = model._meta.label
        if label in NOT_SHOWN:
            continue
        assert callable(getattr(model, "renews", None)), f"{label} has no renews()"
        editors = [admin.site._registry.get(model), edited_inline.get(model)]
        editors = [model_admin for model_admin in editors if model_admin is not None]
        assert editors, f"{label} is edited nowhere: add it to NOT_SHOWN, or to an admin"
        for model_admin in editors:
            assert isinstance(model_admin, RenewsPages), f"{type(model_admin).__name__}"


def test_a_model_that_renews_nothing_fails_the_check(monkeypatch):
    monkeypatch.delattr(Verdict, "renews")
    with pytest.raises(AssertionError, match="claims.Verdict has no renews"):
        test_every_model_the_pages_show_has_a_path_to_renewing_them()


def test_a_claim_saved_leaves_kept_the_other_questions_naming_its_source_and_outlet(
    client, claim_164, unrest, government, django_assert_num_queries
):
    """A claim changes what its source and actor said, not their names: the comparisons
    of other questions that name the same source, outlet or place stay kept."""
    other = Question.objects.create(
        status="published",
        event=unrest,
        slug="arrests",
        text_en="How many were arrested?",
        value_type="count",
    )
    Claim.objects.create(
        status="published",
        question=other,
        source=claim_164.source,
        actor=government,
        stated_value="164",
        bound=Claim.Bound.EXACT,
        value=164,
        value_min=164,
        value_max=164,
        quote=claim_164.quote,
    )
    text(client, "/questions/arrests/")
    text(client, COMPARISON)

    claim_164.quote_translation = "Officially, 164 people died."
    claim_164.save()
    changed(**claim_164.renews())

    with django_assert_num_queries(1):  # the versions: the kept page, not rebuilt
        text(client, "/questions/arrests/")
    # Its own question's page shows the change.
    assert "Officially, 164 people died." in text(client, COMPARISON)


def test_while_editors_work_the_lists_are_rebuilt_at_most_once_a_window(
    client, claim_164, settings, django_assert_num_queries
):
    settings.KEPT_INDEX_SECONDS = 60
    assert "Neue Bilanz" not in text(client, "/sources/")
    Source.objects.filter(pk=claim_164.source_id).update(title="Neue Bilanz")
    changed(sources=[claim_164.source_id])

    with django_assert_num_queries(1):  # the versions: the kept list, not rebuilt
        assert "Neue Bilanz" not in text(client, "/sources/")
    # The source's own page shows the change at once.
    assert "Neue Bilanz" in text(client, "/sources/unruhen-in-kasachstan/")

    settings.KEPT_INDEX_SECONDS = 0  # the window has passed
    assert "Neue Bilanz" in text(client, "/sources/")


def test_a_page_another_process_built_anew_is_served_not_built_again(
    client, django_assert_num_queries, claim_164, report_164
):
    text(client, COMPARISON)
    key = key_of(COMPARISON)
    as_this_process_kept_it = kept.kept[key]
    report_164.title = "Neue Bilanz"
    report_164.save()
    changed(sources=[report_164.pk])
    kept.kept.clear()  # another process, sharing the cache, builds the page anew
    assert "Neue Bilanz" in text(client, COMPARISON)
    kept.kept[key] = as_this_process_kept_it
    # Expect 2 queries: the versions of this process's own copy, outdated, and those of
    # the page the other built, current; nothing is built again.
    with django_assert_num_queries(2):
        assert "Neue Bilanz" in text(client, COMPARISON)
