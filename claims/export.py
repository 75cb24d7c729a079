"""Claims as flat rows: the CSV contract other tools rely on."""

import csv
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


def claim_row(claim: Claim) -> dict[str, str]:
    question: Question = claim.question
    return {
        "question_slug": question.slug,
        "question": neutralise(question.text_en),
        "event": neutralise(question.event.name),
        "source": neutralise(claim.source.title),
        "actor": neutralise(claim.actor.name if claim.actor else ""),
        "stated_value": neutralise(claim.stated_value),
        "value": neutralise(answer_value(claim)) if not claim.bound else answer_value(claim),
        "value_min": plain_number(claim.value_min),
        "value_max": plain_number(claim.value_max),
        "bound": claim.bound,
        "unit": neutralise(question.unit),
        "as_of": iso_date(claim.as_of, claim.as_of_precision),
        "quote": neutralise(claim.quote),
    }


def for_export(claims):
    return claims.select_related("question__event", "source", "actor", "place").order_by(
        "question__slug", "pk"
    )


def write_csv(claims, stream) -> int:
    """Write the claims as CSV with one header row; returns how many were written."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for claim in for_export(claims).iterator(chunk_size=2000):
        writer.writerow(claim_row(claim))
        count += 1
    return count
