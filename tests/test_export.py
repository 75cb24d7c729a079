import csv
import io

import pytest
from django.core.management import call_command

from claims.export import COLUMNS, EXPORT_COLUMNS

pytestmark = pytest.mark.django_db


def test_export_writes_plain_numbers_iso_dates_and_neutralised_text(claim_164, claim_225):
    claim_164.stated_value = '=HYPERLINK("http://evil")'
    claim_164.as_of = claim_164.source.published_on
    claim_164.as_of_precision = "month"
    claim_164.save()
    out = io.StringIO()
    call_command("export_claims", stdout=out)
    out.seek(0)
    rows = list(csv.DictReader(out))
    # the contract's columns unchanged, then the claim's id, page and source's date
    assert list(rows[0]) == EXPORT_COLUMNS and EXPORT_COLUMNS[: len(COLUMNS)] == COLUMNS
    row_164, row_225 = sorted(rows, key=lambda row: row["value"])
    assert row_164["stated_value"] == '\'=HYPERLINK("http://evil")'
    assert row_164["as_of"] == "2022-01"
    assert (row_164["value"], row_164["value_min"], row_164["value_max"]) == ("164", "164", "164")
    assert row_225["actor"] == "Kazakh officials"
    assert row_225["source"] == "Bilanz der Januarereignisse"
    assert row_225["unit"] == "people"
    assert row_225["quote"] == "Offiziellen Angaben zufolge starben mindestens 225 Menschen."


def test_export_ends_with_each_claims_id_page_and_source_date(client, claim_164, claim_225):
    claim_225.source.published_precision = "month"
    claim_225.source.save()
    out = io.StringIO()
    call_command("export_claims", stdout=out)
    out.seek(0)
    rows = {row["claim_id"]: row for row in csv.DictReader(out)}
    assert list(list(rows.values())[0])[-3:] == ["claim_id", "claim_url", "source_published_on"]
    row_164, row_225 = rows[str(claim_164.pk)], rows[str(claim_225.pk)]
    assert row_164["claim_url"] == f"/claims/{claim_164.pk}/"
    assert row_164["source_published_on"] == "2022-01-10"
    assert row_225["source_published_on"] == "2022-08"
    # the page the column names is the claim's own
    page = client.get(row_225["claim_url"]).content.decode()
    assert "mindestens 225" in page and "Bilanz der Januarereignisse" in page
