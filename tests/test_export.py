import csv
import io

import pytest
from django.core.management import call_command

from claims.export import COLUMNS

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
    assert list(rows[0]) == COLUMNS
    row_164, row_225 = sorted(rows, key=lambda row: row["value"])
    assert row_164["stated_value"] == '\'=HYPERLINK("http://evil")'
    assert row_164["as_of"] == "2022-01"
    assert (row_164["value"], row_164["value_min"], row_164["value_max"]) == ("164", "164", "164")
    assert row_225["actor"] == "Kazakh officials"
    assert row_225["source"] == "Bilanz der Januarereignisse"
    assert row_225["unit"] == "people"
    assert row_225["quote"] == "Offiziellen Angaben zufolge starben mindestens 225 Menschen."
