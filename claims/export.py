"""Claims as flat rows: the CSV contract other tools rely on."""

import csv
import json
from decimal import Decimal

from sources.models import DatePrecision

from .models import Claim, Question

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

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def plain_number(number: Decimal | None) -> str:
    """225.0000 → "225", 1E+3 → "1000": plain decimal notation with a dot."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text


def iso_date(day, precision: str) -> str:
    """ISO 8601 at the precision the source gave: "2022", "2022-01", "2022-01-06"."""
    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def answer_value(claim: Claim) -> str:
    """The normalised answer in a machine-readable form, whatever its kind."""
    if claim.bound:
        return plain_number(claim.value)
    if claim.date_value:
        return iso_date(claim.date_value, claim.date_precision)
    if claim.place_id:
        return claim.place.name
    if claim.boolean_value is not None:
        return "yes" if claim.boolean_value else "no"
    return claim.text_value


def neutralise(cell: str) -> str:
    """Keep spreadsheets from running text as a formula."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


# Cells a program writes, never free text: no spreadsheet reads them as a formula.
PLAIN_COLUMNS = {
    "question_slug",
    "value_min",
    "value_max",
    "bound",
    "as_of",
    *LINK_COLUMNS,
}


def claim_values(claim: Claim) -> dict[str, str]:
    """The claim's row as it is: the JSON export, which no spreadsheet runs."""
    question: Question = claim.question
    return {
        "question_slug": question.slug,
        "question": question.text_en,
        "event": question.event.name,
        "source": claim.source.title,
        "actor": claim.actor.name if claim.actor else "",
        "stated_value": claim.stated_value,
        "value": answer_value(claim),
        "value_min": plain_number(claim.value_min),
        "value_max": plain_number(claim.value_max),
        "bound": claim.bound,
        "unit": question.unit,
        "as_of": iso_date(claim.as_of, claim.as_of_precision),
        "quote": claim.quote,
        "claim_id": str(claim.pk),
        "claim_url": claim.get_absolute_url(),
        "source_published_on": iso_date(
            claim.source.published_on, claim.source.published_precision
        ),
    }


def claim_row(claim: Claim) -> dict[str, str]:
    """The claim's row as CSV cells, text neutralised; a number's value is a plain number."""
    return {
        column: value
        if column in PLAIN_COLUMNS or (column == "value" and claim.bound)
        else neutralise(value)
        for column, value in claim_values(claim).items()
    }


def for_export(claims):
    return claims.select_related("question__event", "source", "actor", "place").order_by(
        "question__slug", "pk"
    )


def write_csv(claims, stream) -> int:
    """Write the claims as CSV with one header row; returns how many were written."""
    writer = csv.DictWriter(stream, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for claim in for_export(claims).iterator(chunk_size=2000):
        writer.writerow(claim_row(claim))
        count += 1
    return count


def write_json(claims, stream) -> int:
    """Write the claims as a JSON list of objects keyed by EXPORT_COLUMNS; returns how many."""
    count = 0
    stream.write("[")
    for claim in for_export(claims).iterator(chunk_size=2000):
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps(claim_values(claim), ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count
