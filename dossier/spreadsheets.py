"""What a CSV cell holds, so that a spreadsheet reads it as text or a number, never
as a formula: the export and every import write and read cells alike."""

from decimal import Decimal

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Keep spreadsheets from running text as a formula."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def plain_number(number: Decimal | None) -> str:
    """225.0000 → "225", 1E+3 → "1000": plain decimal notation with a dot."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text
