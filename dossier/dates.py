"""Dates known to a precision: a year, a month or a day, as the sources give them."""

import calendar
import datetime

from django.utils.formats import date_format

YEAR, MONTH, DAY = "year", "month", "day"


def format_partial_date(day: datetime.date | None, precision: str) -> str:
    """Show only as much of a date as is known: "2022", "January 2022", "6 January 2022"."""
    if day is None:
        return ""
    if precision == YEAR:
        return str(day.year)
    if precision == MONTH:
        return date_format(day, "YEAR_MONTH_FORMAT")
    return date_format(day, "DATE_FORMAT")


def date_span(day: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a partial date may stand for: 2022 is 1 Jan to 31 Dec 2022."""
    if precision == YEAR:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    if precision == MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    return day, day


def iso_date(day, precision: str) -> str:
    """ISO 8601 at the precision the source gave: "2022", "2022-01", "2022-01-06"."""
    if day is None:
        return ""
    if precision == YEAR:
        return f"{day.year:04d}"
    if precision == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
