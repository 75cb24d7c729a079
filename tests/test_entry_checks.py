"""Nothing entered can carry a quote its source does not contain, or a figure by a slip."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.forms import figure_differs, stated_figures
from claims.models import Claim
from tests.admin_forms import opened_form
from tests.test_admin import claim_form

pytestmark = pytest.mark.django_db

NOT_IN_SOURCE = "Nach Angaben der Opposition starben 164 Menschen."


def test_a_quote_not_in_its_source_is_refused_at_the_quote_field(
    editor_client, death_toll, report_164, government
):
    form = claim_form(
        death_toll, report_164, government, stated_value="164", bound="exact", value="164"
    )
    response = editor_client.post("/admin/claims/claim/add/", form | {"quote": NOT_IN_SOURCE})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["quote"] == [
        "This quote is not in the text of the source “Unruhen in Kasachstan”. Copy it "
        "verbatim from the source (spaces and line breaks may differ)."
    ]
    assert not Claim.objects.exists()


def test_a_quote_is_found_whatever_its_spacing(editor_client, death_toll, report_164, government):
    form = claim_form(
        death_toll,
        report_164,
        government,
        stated_value="164",
        bound="exact",
        value="164",
        quote="kamen  164\nMenschen ums   Leben",
    )
    response = editor_client.post("/admin/claims/claim/add/", form)
    assert response.status_code == 302
    assert Claim.objects.get().quote == "kamen  164\nMenschen ums   Leben"


def test_changing_a_claims_source_checks_its_quote_against_the_new_one(
    editor_client, claim_164, report_225
):
    url = f"/admin/claims/claim/{claim_164.pk}/change/"
    form = opened_form(editor_client.get(url)) | {"source": report_225.pk}
    response = editor_client.post(url, form)
    assert "This quote is not in the text of the source “Bilanz der Januarereignisse”" in (
        response.content.decode()
    )
    claim_164.refresh_from_db()
    assert claim_164.source_id != report_225.pk


def test_a_value_unlike_the_stated_figure_waits_for_the_editors_confirmation(
    editor_client, death_toll, report_164, government
):
    form = claim_form(
        death_toll,
        report_164,
        government,
        stated_value="164",
        bound="exact",
        value="165",
        quote="kamen 164 Menschen ums Leben",
    )
    response = editor_client.post("/admin/claims/claim/add/", form)
    page = response.content.decode()
    assert "The value 165 is not the figure in the stated wording “164”." in page
    assert 'type="checkbox" name="confirm_figure"' in page
    assert not Claim.objects.exists()

    response = editor_client.post("/admin/claims/claim/add/", form | {"confirm_figure": "on"})
    assert response.status_code == 302
    assert Claim.objects.get().value == 165


def test_the_confirmation_box_is_hidden_until_a_figure_differs(editor_client):
    page = editor_client.get("/admin/claims/claim/add/").content.decode()
    assert 'type="hidden" name="confirm_figure"' in page
    assert 'type="checkbox" name="confirm_figure"' not in page


@pytest.mark.parametrize(
    "wording, figure",
    [
        ("164", 164),
        ("mindestens 225", 225),
        ("etwa 2.000", 2000),
        ("fast 10.000", 10000),
        ("10,000 people", 10000),
        ("1,5 Millionen", 1500000),
        ("ca. 3,5 Millionen", 3500000),
        ("rund 2 Billionen Kubikmeter", 2000000000000),
        ("2.5 million", 2500000),
        ("80 %", 80),
        ("81-Jährige", 81),
    ],
)
def test_the_stated_figure_is_read_german_and_english(wording, figure):
    assert Decimal(figure) in stated_figures(wording)
    assert not figure_differs(wording, Decimal(figure))
    assert figure_differs(wording, Decimal(figure) + 1)


@pytest.mark.parametrize("wording", ["mehrere Tausend", "ein Drittel", "vor drei Jahren"])
def test_a_wording_without_digits_is_not_checked(wording):
    assert not figure_differs(wording, Decimal(7))


def test_import_claims_refuses_a_quote_not_in_its_source(tmp_path, claim_164, government):
    path = tmp_path / "claims.csv"
    path.write_text(
        "question_slug,source,actor,stated_value,value,bound,quote\n"
        f"unrest-death-toll,Unruhen in Kasachstan,,etwa 160,160,approximate,{NOT_IN_SOURCE}\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("import_claims", str(path), "--quiet")
    assert "Row 1: quote: This quote is not in the text of the source" in str(error.value)
    assert Claim.objects.count() == 1


def test_fixture_claims_keep_their_quotes_found(claim_164):
    # verify_quotes and the forms share one test of a quote
    call_command("verify_quotes")
    assert json.dumps(claim_164.quote)
