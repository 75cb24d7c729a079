"""Claims as flat rows: the CSV contract other tools rely on."""

import csv
import functools
import io
import json

from django.urls import reverse

from dossier.dates import iso_date
from dossier.spreadsheets import neutralise, plain_number

from .models import Claim

COLUMNS = [
    "question_slug",
    "question",
    "event",
    "source",
    "actor",
    "stated_value",
    "value",
    "value_min",
    "value_max",
    "bound",
    "unit",
    "as_of",
    "quote",
]

# After the contract's columns, which stay as they are: the claim's own page, to cite
# or open it, and when its source was published.
LINK_COLUMNS = ["claim_id", "claim_url", "source_published_on"]
EXPORT_COLUMNS = [*COLUMNS, *LINK_COLUMNS]


def answer(bound, value, date_value, date_precision, place_name, boolean_value, text_value):
    """The normalised answer in a machine-readable form, whatever its kind."""
    if bound:
        return plain_number(value)
    if date_value:
        return iso_date(date_value, date_precision)
    if place_name:
        return place_name
    if boolean_value is not None:
        return "yes" if boolean_value else "no"
    return text_value


def answer_value(claim: Claim) -> str:
    return answer(
        claim.bound,
        claim.value,
        claim.date_value,
        claim.date_precision,
        claim.place.name if claim.place_id else "",
        claim.boolean_value,
        claim.text_value,
    )


# Cells a program writes, never free text: no spreadsheet reads them as a formula.
PLAIN_COLUMNS = {
    "question_slug",
    "value_min",
    "value_max",
    "bound",
    "as_of",
    *LINK_COLUMNS,
}


# What the export reads of each claim: plain values, never model objects, so that a
# million claims stream at tens of thousands a second.
EXPORT_FIELDS = [
    "pk",
    "question__slug",
    "question__text_en",
    "question__event__name",
    "question__unit",
    "source__title",
    "actor__name",
    "stated_value",
    "bound",
    "value",
    "value_min",
    "value_max",
    "date_value",
    "date_precision",
    "place__name",
    "boolean_value",
    "text_value",
    "as_of",
    "as_of_precision",
    "quote",
    "source__published_on",
    "source__published_precision",
]


@functools.cache
def claim_url_pattern() -> str:
    # reverse() once, not for each of a million rows
    return reverse("claims:claim", args=[0]).replace("/0/", "/{}/")


def claim_url(pk: int) -> str:
    return claim_url_pattern().format(pk)


def claim_values(row: dict) -> dict[str, str]:
    """A claim's row (its EXPORT_FIELDS) as it is: the JSON export, which no spreadsheet runs."""
    return {
        "question_slug": row["question__slug"],
        "question": row["question__text_en"],
        "event": row["question__event__name"],
        "source": row["source__title"],
        "actor": row["actor__name"] or "",
        "stated_value": row["stated_value"],
        "value": answer(
            row["bound"],
            row["value"],
            row["date_value"],
            row["date_precision"],
            row["place__name"],
            row["boolean_value"],
            row["text_value"],
        ),
        "value_min": plain_number(row["value_min"]),
        "value_max": plain_number(row["value_max"]),
        "bound": row["bound"],
        "unit": row["question__unit"],
        "as_of": iso_date(row["as_of"], row["as_of_precision"]),
        "quote": row["quote"],
        "claim_id": str(row["pk"]),
        "claim_url": claim_url(row["pk"]),
        "source_published_on": iso_date(
            row["source__published_on"], row["source__published_precision"]
        ),
    }


def claim_row(row: dict) -> dict[str, str]:
    """A claim's row as CSV cells, text neutralised; a number's value is a plain number."""
    return {
        column: value
        if column in PLAIN_COLUMNS or (column == "value" and row["bound"])
        else neutralise(value)
        for column, value in claim_values(row).items()
    }


# Read from the database in batches (a server-side cursor on PostgreSQL) and sent
# in pieces of this many rows: memory stays the same however many claims there are.
CHUNK_SIZE = 2000
ROWS_PER_PIECE = 500


def for_export(claims):
    return claims.order_by("question__slug", "pk").values(*EXPORT_FIELDS)


class ClaimsExport:
    """An export as pieces of text, for a streamed response or a file; counts its claims."""

    def __init__(self, claims):
        self.claims = claims
        self.count = 0

    def rows(self):
        for row in for_export(self.claims).iterator(chunk_size=CHUNK_SIZE):
            self.count += 1
            yield row

    def csv(self):
        buffer = io.StringIO()
        # A plain writer of lists: a tenth faster than csv.DictWriter's checks per row.
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in self.rows():
            cells = claim_row(row)
            writer.writerow([cells[column] for column in EXPORT_COLUMNS])
            if self.count % ROWS_PER_PIECE == 0:
                yield drain(buffer)
        if rest := drain(buffer):
            yield rest

    def json(self):
        """A JSON list of objects keyed by EXPORT_COLUMNS, one claim a line."""
        pieces = ["["]
        for row in self.rows():
            pieces.append(",\n" if self.count > 1 else "\n")
            pieces.append(json.dumps(claim_values(row), ensure_ascii=False))
            if self.count % ROWS_PER_PIECE == 0:
                yield "".join(pieces)
                pieces.clear()
        pieces.append("\n]\n" if self.count else "]\n")
        yield "".join(pieces)


def drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_csv(claims, stream) -> int:
    """Write the claims as CSV with one header row; returns how many were written."""
    export = ClaimsExport(claims)
    for piece in export.csv():
        stream.write(piece)
    return export.count


def write_json(claims, stream) -> int:
    """Write the claims as a JSON list of objects keyed by EXPORT_COLUMNS; returns how many."""
    export = ClaimsExport(claims)
    for piece in export.json():
        stream.write(piece)
    return export.count
