"""
The agreement analysis: do a question's answers truly conflict?

A pure function of plain answers (`Answer`), which the model layer builds from
the claims, so that every rule can be tested on its own.

Answers that can all be true at once agree. A conflict needs two different
voices: one source naming a town and its region, or two figures read from one
passage, is one voice; so are answers the editors mark as repeating each other.
Answers that cannot all be true may still be explained: a later figure that
revises an earlier one, a running count that grew between the dates of the
figures, or answers marked as measuring different things. Only what is left is a
real conflict, and answers the editors mark as contradicting each other always are.
"""

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial
from itertools import combinations

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from dossier.dates import date_span, format_partial_date

# The kinds of answer, as Question.ValueType stores them.
COUNT, YEAR, DATE, PLACE, YES_NO, TEXT = "count", "year", "date", "place", "yes_no", "text"
NUMERIC_TYPES = frozenset({COUNT, YEAR, "percentage", "money", "quantity"})

# The verdicts, as Question.Agreement stores them.
UNANSWERED, SINGLE, AGREE, SPELLING = "unanswered", "single", "agree", "spelling"
OVER_TIME, DEFINITION, ACCOUNTS, CONFLICT = "over_time", "definition", "accounts", "conflict"

# The kinds of relation between two answers, as ClaimRelation.Kind stores them.
REVISES, REPEATS, CONTRADICTS, MEASURES_ELSE = "revises", "repeats", "contradicts", "measures_else"

# Words like "etwa" and "fast" give no margin; for comparing answers we read
# them as within a tenth of the figure, unless the claim states its tolerance.
APPROXIMATION = 0.1

# An explanation names at most this many voices, then says how many more there are.
NAMED_VOICES = 6


@dataclass(frozen=True)
class Relation:
    """This answer `kind`s (revises, repeats, …) the answer with the id `other`."""

    kind: str
    other: int


@dataclass
class Answer:
    """One claim, as the analysis reads it."""

    id: int
    source_id: int
    who: str = ""  # who says it, for the explanation: "DWN", "Tokayev (Tengrinews)"
    actor_id: int | None = None
    published_on: datetime.date | None = None
    published_precision: str = ""
    quote: str = ""
    stated_value: str = ""
    bound: str = ""
    value: Decimal | None = None
    value_min: Decimal | None = None
    value_max: Decimal | None = None
    tolerance: Decimal | None = None
    date_value: datetime.date | None = None
    date_precision: str = ""
    place_id: int | None = None
    place_name: str = ""
    boolean_value: bool | None = None
    text_value: str = ""
    text_value_de: str = ""  # shown in German, never compared
    measure: str = ""  # the slug of what it measures, among the question's measures
    measure_name: str = ""
    as_of: datetime.date | None = None
    as_of_precision: str = ""
    relations: tuple[Relation, ...] = ()
    # The record the answer was read from, carried for display only.
    claim: object = field(default=None, compare=False, repr=False)

    @property
    def says(self) -> str:
        return f"{self.who}: “{self.stated_value}”" if self.who else f"“{self.stated_value}”"


def interval(answer: Answer) -> tuple[float, float]:
    """The values a numeric answer allows, read generously for comparison."""
    value = float(answer.value) if answer.value is not None else None
    low = float(answer.value_min) if answer.value_min is not None else -math.inf
    high = float(answer.value_max) if answer.value_max is not None else math.inf
    if answer.tolerance is not None:
        tolerance = abs(float(answer.tolerance))
        if answer.bound == "almost":
            return value - tolerance, value
        return low - tolerance, high + tolerance
    if answer.bound == "approximate":
        margin = abs(value) * APPROXIMATION
        return value - margin, value + margin
    if answer.bound == "almost":
        return value - abs(value) * APPROXIMATION, value
    return low, high


def day_interval(answer: Answer) -> tuple[int, int]:
    """The days a date answer allows: all of its year or month, widened by its tolerance."""
    first, last = date_span(answer.date_value, answer.date_precision)
    tolerance = math.ceil(abs(answer.tolerance)) if answer.tolerance is not None else 0
    return first.toordinal() - tolerance, last.toordinal() + tolerance


def overlap(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def compatible(a: Answer, b: Answer, value_type: str) -> bool:
    """Can both answers be true at once?"""
    return fits(reading(a, value_type), reading(b, value_type), value_type)


def reading(answer: Answer, value_type: str):
    """What of an answer decides which others it is compatible with."""
    if value_type in NUMERIC_TYPES:
        return interval(answer)
    if value_type == DATE:
        return day_interval(answer)
    if value_type == PLACE:
        return answer.place_id
    if value_type == YES_NO:
        return answer.boolean_value
    return normalise(answer.text_value)


def fits(a, b, value_type: str) -> bool:
    """Can answers read so (see reading) be true at once?"""
    if value_type in NUMERIC_TYPES or value_type == DATE:
        return overlap(a, b)
    return a == b


def readings(answers: list[Answer], value_type: str) -> dict[int, object]:
    """Each answer's reading by its id, read once: the analysis compares every pair."""
    return {answer.id: reading(answer, value_type) for answer in answers}


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
    if not fraction:
        return sign + digits
    mark = "," if get_language() == "de" else "."
    return f"{sign}{digits}{mark}{fraction}"


def date_tolerance_label(days: Decimal, precision: str) -> str:
    """ "± 1 year" for a year given roughly ("vor 30 Jahren", ±365 days), else "± 3 days"."""
    years = round(float(days) / 365.25)
    if precision == "year" and years >= 1 and abs(float(days) - years * 365.25) <= years:
        return ngettext("± %(years)s year", "± %(years)s years", years) % {"years": years}
    return ngettext("± %(days)s day", "± %(days)s days", int(days)) % {"days": format_figure(days)}


def answer_label(answer, value_type: str) -> str:
    """The normalised answer, as the comparison shows it beside the stated words."""
    if value_type in NUMERIC_TYPES:
        figure = partial(format_figure, grouped=value_type != YEAR)
        low, high = answer.value_min, answer.value_max
        if answer.bound in ("exact", "approximate"):
            prefix = "≈ " if answer.bound == "approximate" else ""
            text = prefix + figure(answer.value)
        elif low is not None and high is not None:
            text = f"{figure(low)} – {figure(high)}"
        elif low is not None:
            text = ("> " if answer.bound == "more_than" else "≥ ") + figure(low)
        elif high is not None:
            text = {"less_than": "< ", "almost": "≲ "}.get(answer.bound, "≤ ") + figure(high)
        else:
            return "?"
        if answer.tolerance is not None:
            text += f" ± {figure(answer.tolerance)}"
        return text
    if value_type == DATE:
        text = format_partial_date(answer.date_value, answer.date_precision)
        if answer.tolerance is not None:
            text += " " + date_tolerance_label(answer.tolerance, answer.date_precision)
        return text
    if value_type == PLACE:
        return answer.place_name
    if value_type == YES_NO:
        return _("yes") if answer.boolean_value else _("no")
    if get_language() == "de" and answer.text_value_de:
        return answer.text_value_de
    return answer.text_value


@dataclass
class AnswerGroup:
    """Answers that agree with each other."""

    answers: list[Answer] = field(default_factory=list)

    @property
    def claims(self) -> list:
        """The records the answers were read from, for display."""
        return [answer.claim for answer in self.answers]

    @property
    def sources(self) -> int:
        return len({answer.source_id for answer in self.answers})


@dataclass
class Analysis:
    status: str
    # Who says what, written when first read: refreshing thousands of questions at once
    # stores their verdicts and summaries, not their explanations.
    explain: Callable[[], str] = field(repr=False)
    groups: list[AnswerGroup]
    source_count: int
    summary: str
    label: str = ""  # the status in words, filled in by the model layer
    answers: list[Answer] = field(default_factory=list)

    @cached_property
    def explanation(self) -> str:
        return self.explain()


def group_answers(answers: list[Answer], value_type: str) -> list[AnswerGroup]:
    """Put each answer in the first group it agrees with entirely."""
    read = readings(answers, value_type)
    groups: list[AnswerGroup] = []
    for answer in answers:
        mine = read[answer.id]
        for group in groups:
            if all(fits(mine, read[other.id], value_type) for other in group.answers):
                group.answers.append(answer)
                break
        else:
            groups.append(AnswerGroup([answer]))
    return groups


class Components:
    """Answers joined into connected sets (a union-find over their ids)."""

    def __init__(self, answers: list[Answer]):
        self.parent = {answer.id: answer.id for answer in answers}

    def find(self, key: int) -> int:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: int, b: int):
        if a in self.parent and b in self.parent:
            self.parent[self.find(a)] = self.find(b)

    def same(self, a: int, b: int) -> bool:
        return self.find(a) == self.find(b)


def same_passage(a: Answer, b: Answer) -> bool:
    """Two answers read from one passage of one source: one quote holds the other."""
    qa, qb = normalise(a.quote), normalise(b.quote)
    return a.source_id == b.source_id and bool(qa and qb) and (qa in qb or qb in qa)


def by_source(answers: list[Answer]) -> list[list[Answer]]:
    """The answers of each source, in their order."""
    sources: dict[int, list[Answer]] = {}
    for answer in answers:
        sources.setdefault(answer.source_id, []).append(answer)
    return list(sources.values())


def wholes(answers: list[Answer], value_type: str) -> Components:
    """Answers that together make one statement: the parts one passage names, or the
    places one source names (a town and its region are parts of one whole)."""
    components = Components(answers)
    for same_source in by_source(answers):  # only one source's answers are one statement
        for a, b in combinations(same_source, 2):
            if value_type == PLACE or same_passage(a, b):
                components.join(a.id, b.id)
    return components


def voices(answers: list[Answer], wholes: Components) -> Components:
    """Who speaks: answers that cannot dispute each other are one voice.

    The parts of one statement; a source and the actor it cites; and answers the
    editors mark as repeating each other.
    """
    components = Components(answers)
    for same_source in by_source(answers):  # wholes join only one source's answers too
        for a, b in combinations(same_source, 2):
            if wholes.same(a.id, b.id) or a.actor_id == b.actor_id:
                components.join(a.id, b.id)
    for answer in answers:
        for relation in answer.relations:
            if relation.kind == REPEATS:
                components.join(answer.id, relation.other)
    return components


def disputed(answers: list[Answer], value_type: str) -> list[tuple[Answer, Answer]]:
    """The pairs of answers by which two different voices dispute each other.

    A statement that names several parts agrees with any answer that names one of
    them: a source naming Zhanaozen and Aktau does not dispute one naming Zhanaozen.
    """
    parts = wholes(answers, value_type)
    speakers = voices(answers, parts)
    read = readings(answers, value_type)
    statements: dict[int, list[Answer]] = {}
    for answer in answers:
        statements.setdefault(parts.find(answer.id), []).append(answer)

    def agrees_with_part(answer: Answer, of: Answer) -> bool:
        statement = statements[parts.find(of.id)]
        # A statement of one answer is that answer, which the pair already found incompatible.
        return len(statement) > 1 and any(
            fits(read[answer.id], read[part.id], value_type) for part in statement
        )

    return [
        (a, b)
        for a, b in combinations(answers, 2)
        if not fits(read[a.id], read[b.id], value_type)
        and not speakers.same(a.id, b.id)
        and not agrees_with_part(a, b)
        and not agrees_with_part(b, a)
    ]


def related(answers: list[Answer]) -> dict[frozenset, set[str]]:
    """The kinds of relation the editors gave each pair of answers, in either direction."""
    kinds: dict[frozenset, set[str]] = {}
    for answer in answers:
        for relation in answer.relations:
            kinds.setdefault(frozenset({answer.id, relation.other}), set()).add(relation.kind)
    return kinds


def revision_chains(answers: list[Answer]) -> Components:
    chains = Components(answers)
    for answer in answers:
        for relation in answer.relations:
            if relation.kind == REVISES:
                chains.join(answer.id, relation.other)
    return chains


def measure_differently(a: Answer, b: Answer, kinds: set[str]) -> bool:
    return MEASURES_ELSE in kinds or bool(a.measure and b.measure and a.measure != b.measure)


def held(answer: Answer) -> tuple[tuple[int, int] | None, bool]:
    """The days the figure held, and whether they are only its publication date."""
    if answer.as_of is not None:
        first, last = date_span(answer.as_of, answer.as_of_precision)
        return (first.toordinal(), last.toordinal()), False
    if answer.published_on is not None:
        first, last = date_span(answer.published_on, answer.published_precision or "day")
        return (first.toordinal(), last.toordinal()), True
    return None, False


def held_label(answer: Answer) -> str:
    if answer.as_of is not None:
        return format_partial_date(answer.as_of, answer.as_of_precision)
    return format_partial_date(answer.published_on, answer.published_precision or "day")


def grew(a: Answer, b: Answer) -> bool:
    """Can the two figures be one count that only grew between the dates they held?"""
    (days_a, _fallback_a), (days_b, _fallback_b) = held(a), held(b)
    if days_a is None or days_b is None or overlap(days_a, days_b):
        return False
    earlier, later = (a, b) if days_a[1] < days_b[0] else (b, a)
    return interval(earlier)[1] < interval(later)[0]


def say(answers: list[Answer], label=None) -> str:
    """Who says what: "DWN: “vor 30 Jahren”; Tengrinews: “1991”"."""
    unique = list({answer.id: answer for answer in answers}.values())
    parts = [answer.says + (f" ({label(answer)})" if label else "") for answer in unique]
    if len(parts) > NAMED_VOICES:
        rest = len(parts) - NAMED_VOICES
        parts = parts[:NAMED_VOICES] + [
            ngettext("and %(count)d more", "and %(count)d more", rest) % {"count": rest}
        ]
    return "; ".join(parts)


def pairs_say(pairs: list[tuple[Answer, Answer]], label=None) -> str:
    return say([answer for pair in pairs for answer in pair], label)


def summarise(answers: list[Answer], value_type: str) -> str:
    """The range of answers, short enough for the index."""
    if not answers:
        return ""
    if value_type in NUMERIC_TYPES:
        figure = partial(format_figure, grouped=value_type != YEAR)
        lows = [a.value_min for a in answers if a.value_min is not None]
        highs = [a.value_max for a in answers if a.value_max is not None]
        open_above = any(a.value_max is None for a in answers)
        open_below = any(a.value_min is None for a in answers)
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
    for answer in answers:
        label = answer_label(answer, value_type)
        if label not in labels:
            labels.append(label)
    return " / ".join(labels)


def analyse(value_type: str, answers: list[Answer]) -> Analysis:
    """The verdict on a question's answers, with an explanation naming who says what."""
    groups = group_answers(answers, value_type)
    sources = len({answer.source_id for answer in answers})

    def result(status, explain):
        summary = summarise(answers, value_type)
        return Analysis(status, explain, groups, sources, summary, answers=answers)

    if not answers:
        return result(UNANSWERED, lambda: _("No source answers this question yet."))

    kinds = related(answers)

    def kinds_of(a: Answer, b: Answer) -> set[str]:
        return kinds.get(frozenset({a.id, b.id}), set())

    contradicting = []
    if any(CONTRADICTS in pair for pair in kinds.values()):  # else no pair needs a look
        contradicting = [
            (a, b) for a, b in combinations(answers, 2) if CONTRADICTS in kinds_of(a, b)
        ]
    if contradicting:
        return result(
            CONFLICT,
            lambda: (
                _("The editors mark these answers as contradicting each other: %(says)s.")
                % {"says": pairs_say(contradicting)}
            ),
        )

    disputes = disputed(answers, value_type)
    if not disputes:
        return agreement(answers, groups, value_type, result)
    if value_type == TEXT:
        return result(
            ACCOUNTS,
            lambda: (
                _(
                    "Free-text answers are not compared automatically: read the accounts side by "
                    "side. %(says)s."
                )
                % {"says": say(answers)}
            ),
        )

    chains = revision_chains(answers)
    definition, revised, unexplained = [], [], []
    for a, b in disputes:
        if measure_differently(a, b, kinds_of(a, b)):
            definition.append((a, b))
        elif chains.same(a.id, b.id):
            revised.append((a, b))
        else:
            unexplained.append((a, b))

    if not unexplained and definition:
        return result(
            DEFINITION,
            lambda: (
                _("The answers differ because they measure different things: %(says)s.")
                % {
                    "says": pairs_say(
                        definition, label=lambda a: a.measure_name or a.measure or "?"
                    )
                }
            ),
        )
    if not unexplained:
        return result(
            OVER_TIME,
            lambda: (
                _("The figures differ because later figures revise earlier ones: %(says)s.")
                % {"says": pairs_say(revised)}
            ),
        )
    if value_type == COUNT and all(grew(a, b) for a, b in unexplained):
        return grown(unexplained, result)
    return result(
        CONFLICT,
        lambda: (
            _("The answers truly conflict: %(says)s cannot all be true.")
            % {"says": pairs_say(unexplained, label=lambda a: answer_label(a, value_type))}
        ),
    )


def agreement(answers, groups, value_type, result) -> Analysis:
    """No two voices dispute each other: the answers agree, or one voice gives several."""
    if len(groups) == 1:
        wordings = {normalise(answer.stated_value) for answer in answers}
        if value_type in (PLACE, TEXT) and len(wordings) > 1:
            spellings = ", ".join(sorted({answer.stated_value for answer in answers}))
            return result(
                SPELLING,
                lambda: (
                    _("The sources give the same answer and differ only in how they write it: %s.")
                    % spellings
                ),
            )
    count = len({answer.source_id for answer in answers})
    if count == 1:
        if len(groups) > 1:
            return result(
                SINGLE,
                lambda: (
                    _(
                        "Only one source answers this question, with several answers that do not "
                        "dispute each other: %(says)s."
                    )
                    % {"says": say(answers)}
                ),
            )
        return result(
            SINGLE,
            lambda: _("Only one source answers this question: %(says)s.") % {"says": say(answers)},
        )
    if len(groups) > 1:
        return result(
            AGREE,
            lambda: (
                _(
                    "No two sources dispute each other; where answers differ, they come from one "
                    "voice (one passage, the parts of one place, or a repeated report): %(says)s."
                )
                % {"says": say(answers)}
            ),
        )
    return result(
        AGREE,
        lambda: (
            ngettext(
                "The answer of %(count)d source is consistent: %(says)s.",
                "The answers of all %(count)d sources are consistent with each other: %(says)s.",
                count,
            )
            % {"count": count, "says": say(answers)}
        ),
    )


def grown(pairs: list[tuple[Answer, Answer]], result) -> Analysis:
    """A running count: the figures only grow, ordered by the dates they held."""
    return result(OVER_TIME, lambda: running_count(pairs))


def running_count(pairs: list[tuple[Answer, Answer]]) -> str:
    """How the figures grew, and by which dates they are ordered."""
    involved = list({answer.id: answer for pair in pairs for answer in pair}.values())
    ordered = sorted(involved, key=lambda answer: held(answer)[0])
    fallback = [answer for answer in involved if held(answer)[1]]
    if len(fallback) == len(involved):
        basis = _("Ordered by publication date: the sources give no as-of date.")
    elif fallback:
        names = dict.fromkeys(answer.who or answer.stated_value for answer in fallback)
        basis = _(
            "Ordered by the dates they held, or by publication date where a source gives no "
            "as-of date (%(who)s)."
        ) % {"who": ", ".join(names)}
    else:
        basis = _("Ordered by the dates they held.")
    return _(
        "The figures differ, but they only grow, as a running count does, from %(first)s "
        "to %(last)s: %(says)s. %(basis)s"
    ) % {
        "first": ordered[0].stated_value,
        "last": ordered[-1].stated_value,
        "basis": basis,
        "says": say(ordered, label=held_label),
    }
