"""
The agreement analysis: do a question's answers truly conflict?

Answers that can all be true at once agree. Answers that cannot may still be
explained: a running count that grew between the dates of the figures, sources
that count different things, or names that differ only in spelling. Only what is
left is a real conflict.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from dossier.translation import localized
from sources.models import DatePrecision, format_partial_date

from .models import Claim, Question

# Words like "etwa" and "fast" give no margin; for comparing answers we read
# them as within a tenth of the figure, and say so in the README.
APPROXIMATION = 0.1


def interval(claim: Claim) -> tuple[float, float]:
    """The values a numeric claim allows, read generously for comparison."""
    value = float(claim.value) if claim.value is not None else None
    low = float(claim.value_min) if claim.value_min is not None else -math.inf
    high = float(claim.value_max) if claim.value_max is not None else math.inf
    if claim.bound == Claim.Bound.APPROXIMATE:
        margin = abs(value) * APPROXIMATION
        return value - margin, value + margin
    if claim.bound == Claim.Bound.ALMOST:
        return value - abs(value) * APPROXIMATION, value
    return low, high


def date_key(day: datetime.date, precision: str) -> tuple:
    if precision == DatePrecision.YEAR:
        return (day.year,)
    if precision == DatePrecision.MONTH:
        return (day.year, day.month)
    return (day.year, day.month, day.day)


def effective_date(claim: Claim) -> datetime.date | None:
    """When the figure held: its as-of date, or else when the source published it."""
    return claim.as_of or claim.source.published_on


def compatible(a: Claim, b: Claim, value_type: str) -> bool:
    """Can both answers be true at once?"""
    if value_type in Question.NUMERIC_TYPES:
        (a_low, a_high), (b_low, b_high) = interval(a), interval(b)
        return a_low <= b_high and b_low <= a_high
    if value_type == Question.ValueType.DATE:
        ka = date_key(a.date_value, a.date_precision)
        kb = date_key(b.date_value, b.date_precision)
        shorter = min(len(ka), len(kb))
        return ka[:shorter] == kb[:shorter]
    if value_type == Question.ValueType.PLACE:
        return a.place_id == b.place_id
    if value_type == Question.ValueType.YES_NO:
        return a.boolean_value == b.boolean_value
    return normalise(a.text_value) == normalise(b.text_value)


def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def format_figure(value: Decimal | float, grouped: bool = True) -> str:
    """A figure as both languages read it: thin-space thousands, no trailing zeros.

    Only the decimal mark follows the reader's language: "2.5" in English, "2,5" in German.
    """
    number = Decimal(str(value)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    sign, text = ("-", str(-number)) if number < 0 else ("", str(number))
    whole, _dot, fraction = text.partition(".")
    groups = []
    while grouped and len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    digits = "\u202f".join([whole, *groups])
    mark = "," if get_language() == "de" else "."
    return sign + digits + (f"{mark}{fraction}" if fraction else "")


def answer_label(claim: Claim, value_type: str) -> str:
    """The normalised answer, as the comparison shows it beside the stated words."""
    if value_type in Question.NUMERIC_TYPES:
        figure = partial(format_figure, grouped=value_type != Question.ValueType.YEAR)
        low, high = claim.value_min, claim.value_max
        if claim.bound in ("exact", "approximate"):
            prefix = "≈ " if claim.bound == "approximate" else ""
            return prefix + figure(claim.value)
        if low is not None and high is not None:
            return f"{figure(low)} – {figure(high)}"
        if low is not None:
            return ("> " if claim.bound == "more_than" else "≥ ") + figure(low)
        if high is not None:
            return {"less_than": "< ", "almost": "≲ "}.get(claim.bound, "≤ ") + figure(high)
        return "?"
    if value_type == Question.ValueType.DATE:
        return format_partial_date(claim.date_value, claim.date_precision)
    if value_type == Question.ValueType.PLACE:
        return claim.place.name
    if value_type == Question.ValueType.YES_NO:
        return _("yes") if claim.boolean_value else _("no")
    return localized(claim, "text_value")


@dataclass
class AnswerGroup:
    """Claims whose answers agree with each other."""

    claims: list[Claim] = field(default_factory=list)

    @property
    def sources(self) -> int:
        return len({claim.source_id for claim in self.claims})


@dataclass
class Analysis:
    status: str
    explanation: str
    groups: list[AnswerGroup]
    source_count: int
    summary: str

    @property
    def label(self) -> str:
        return Question.Agreement(self.status).label


def group_answers(claims: list[Claim], value_type: str) -> list[AnswerGroup]:
    """Put each claim in the first group it agrees with entirely."""
    groups: list[AnswerGroup] = []
    for claim in claims:
        for group in groups:
            if all(compatible(claim, other, value_type) for other in group.claims):
                group.claims.append(claim)
                break
        else:
            groups.append(AnswerGroup([claim]))
    return groups


def grew_over_time(claims: list[Claim]) -> bool:
    """Do the figures, ordered by when they held, fit one count that only grows?"""
    dated = [(effective_date(claim), claim) for claim in claims]
    if any(day is None for day, _claim in dated) or len({day for day, _claim in dated}) < 2:
        return False
    for day_a, a in dated:
        for day_b, b in dated:
            if day_a < day_b and interval(a)[0] > interval(b)[1]:
                return False
            if day_a == day_b and not compatible(a, b, Question.ValueType.COUNT):
                return False
    return True


def counts_differently(groups: list[AnswerGroup]) -> bool:
    """Does every pair of disagreeing claims count something different?"""
    for i, group in enumerate(groups):
        for other in groups[i + 1 :]:
            for a in group.claims:
                for b in other.claims:
                    if normalise(a.scope) == normalise(b.scope):
                        return False
    return True


def summarise(claims: list[Claim], value_type: str) -> str:
    """The range of answers, short enough for the index."""
    if not claims:
        return ""
    if value_type in Question.NUMERIC_TYPES:
        figure = partial(format_figure, grouped=value_type != Question.ValueType.YEAR)
        lows = [c.value_min for c in claims if c.value_min is not None]
        highs = [c.value_max for c in claims if c.value_max is not None]
        open_above = any(c.value_max is None for c in claims)
        open_below = any(c.value_min is None for c in claims)
        bounds = lows + highs
        if not bounds:
            return "?"
        low, high = min(bounds), max(bounds)
        text = figure(low)
        if low != high:
            text += f" – {figure(high)}"
        if open_below and not lows:
            text = "≤ " + text
        if open_above and (not highs or max(lows or [low]) >= high):
            text += "+"
        return text
    labels = []
    for claim in claims:
        label = answer_label(claim, value_type)
        if label not in labels:
            labels.append(label)
    return " / ".join(labels)


def analyse(question: Question, claims: list[Claim]) -> Analysis:
    value_type = question.value_type
    groups = group_answers(claims, value_type)
    sources = len({claim.source_id for claim in claims})
    A = Question.Agreement

    def result(status, explanation):
        return Analysis(status, explanation, groups, sources, summarise(claims, value_type))

    if not claims:
        return result(A.UNANSWERED, _("No source answers this question yet."))
    voices = {(claim.source_id, claim.actor_id) for claim in claims}
    if len(groups) > 1 and len(voices) == 1:
        # One voice giving several answers lists them; it does not dispute itself.
        return result(A.SINGLE, _("Only one source answers this question, with several answers."))
    if len(groups) > 1 and value_type == Question.ValueType.TEXT:
        return result(
            A.ACCOUNTS,
            _("Free-text answers are not compared automatically: read the accounts side by side."),
        )
    if len(groups) == 1:
        wordings = {normalise(claim.stated_value) for claim in claims}
        if value_type in (Question.ValueType.PLACE, Question.ValueType.TEXT) and len(wordings) > 1:
            spellings = ", ".join(sorted({claim.stated_value for claim in claims}))
            return result(
                A.SPELLING,
                _("The sources give the same answer and differ only in how they write it: %s.")
                % spellings,
            )
        if sources == 1:
            return result(A.SINGLE, _("Only one source answers this question."))
        return result(
            A.AGREE,
            ngettext(
                "The answer of %(count)d source is consistent.",
                "The answers of all %(count)d sources are consistent with each other.",
                sources,
            )
            % {"count": sources},
        )
    if counts_differently(groups):
        return result(
            A.DEFINITION,
            _(
                "The answers differ because the sources count different things; "
                "compare what each claim counts."
            ),
        )
    if value_type == Question.ValueType.COUNT and grew_over_time(claims):
        ordered = sorted(claims, key=effective_date)
        first, last = ordered[0], ordered[-1]
        return result(
            A.OVER_TIME,
            _(
                "The figures differ, but ordered by the dates they held they only grow, as a "
                "running count does: from %(first)s (%(first_date)s) to %(last)s (%(last_date)s)."
            )
            % {
                "first": first.stated_value,
                "first_date": date_format(effective_date(first)),
                "last": last.stated_value,
                "last_date": date_format(effective_date(last)),
            },
        )
    return result(
        A.CONFLICT,
        _("The answers truly conflict: they fall into %(count)d groups that cannot all be true.")
        % {"count": len(groups)},
    )
