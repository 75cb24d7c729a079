"""Change pages list claims a page at a time, so any number of claims renders and saves."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from claims.models import Claim
from sources.models import Source
from tests.admin_forms import opened_form

pytestmark = pytest.mark.django_db


def add_claims(question, source, count: int):
    Claim.objects.bulk_create(
        Claim(
            status="published",
            question=question,
            source=source,
            stated_value=str(n),
            bound="exact",
            value=Decimal(n),
            value_min=Decimal(n),
            value_max=Decimal(n),
            quote=source.text,
        )
        for n in range(count)
    )


def test_a_question_with_300_claims_renders_and_saves_within_its_query_budget(
    admin_client, django_assert_max_num_queries, death_toll, report_164
):
    add_claims(death_toll, report_164, 300)
    url = f"/admin/claims/question/{death_toll.pk}/change/"
    # Session and user, the question, its stored version, its event for the
    # autocomplete, the claims counted and one page of 50 with their sources and
    # actors, its editors' verdict and its measures (inlines), and the answers a verdict
    # may rest on: 11, the same whether the question has 3 claims or 3 million.
    with django_assert_max_num_queries(11):
        response = admin_client.get(url)
    page = response.content.decode()
    assert "300 claims" in page
    assert len(re.findall(r'href="/admin/claims/claim/\d+/change/"', page)) == 50
    assert f'href="/admin/claims/claim/add/?question={death_toll.pk}"' in page
    assert "Page 1 of 6" in page

    form = opened_form(response) | {
        "scope_note": "Deaths of civilians and police.",
        "correction_reason": "The scope was unclear.",
    }
    # Besides the form's own: the version locked and checked, the slug checked against
    # merged questions' addresses, the question as it was (for the pages it leaves), the
    # question saved with its history and admin log, its analysis refreshed from its
    # claims, and the versions of the pages that show it renewed twice (the editor's
    # change, then the refreshed analysis); on PostgreSQL, the check that the question has
    # its text in some language, validated in a savepoint of its own. The question is
    # published, so the change is a correction: one more, for the version readers saw if
    # its history lacks it (kept before the correction).
    with django_assert_max_num_queries(24):
        response = admin_client.post(url, form)
    assert response.status_code == 302
    death_toll.refresh_from_db()
    assert death_toll.scope_note == "Deaths of civilians and police."
    assert (death_toll.source_count, death_toll.version) == (1, 2)


def test_the_claims_list_pages_through_a_sources_claims(admin_client, death_toll, report_164):
    add_claims(death_toll, report_164, 120)
    url = f"/admin/sources/source/{report_164.pk}/change/"
    last = admin_client.get(url + "?claims_page=3").content.decode()
    assert "Page 3 of 3" in last
    last_claims = Claim.objects.order_by("pk")[100:]
    assert all(f'/admin/claims/claim/{claim.pk}/change/"' in last for claim in last_claims)
    # the form still posts to the page itself
    response = admin_client.post(
        url + "?claims_page=3",
        opened_form(admin_client.get(url))
        | {
            "stance_notes": "Close to the government.",
            "correction_reason": "Its stance noted.",
        },
    )
    assert response.status_code == 302
    assert Source.objects.get(pk=report_164.pk).stance_notes == "Close to the government."


def test_add_claim_buttons_prefill_the_question_and_the_source(
    admin_client, death_toll, report_164
):
    page = admin_client.get(f"/admin/claims/claim/add/?question={death_toll.pk}")
    assert page.context["adminform"].form.initial["question"] == str(death_toll.pk)
    page = admin_client.get(f"/admin/claims/claim/add/?source={report_164.pk}")
    assert page.context["adminform"].form.initial["source"] == str(report_164.pk)


def test_a_claims_change_page_runs_a_fixed_number_of_queries(
    admin_client, django_assert_max_num_queries, claim_164
):
    # 9 for the claim's form, and its relations to other answers (an inline)
    with django_assert_max_num_queries(10):
        assert admin_client.get(f"/admin/claims/claim/{claim_164.pk}/change/").status_code == 200


def test_the_demo_loads_only_into_an_empty_database_and_keeps_an_edit(admin_client, capsys):
    call_command("load_demo")
    assert "Loaded the demo" in capsys.readouterr().out
    claim = Claim.objects.get(question__slug="unrest-death-toll", stated_value="164")
    url = f"/admin/claims/claim/{claim.pk}/change/"
    edit = opened_form(admin_client.get(url)) | {
        "notes": "Checked against the police.",
        "correction_reason": "Checked against the police.",
    }
    assert admin_client.post(url, edit).status_code == 302

    call_command("load_demo")  # `make demo` again
    out = capsys.readouterr().out
    assert "The database already holds a dossier" in out and "it is kept" in out
    claim.refresh_from_db()
    assert (claim.notes, claim.version) == ("Checked against the police.", 2)
