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

An answer the editors deprecate is shown among the others but is no voice: it is
left out of the comparison, the count of sources and the summary.
"""

import datetime
import gc
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial, wraps

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from dossier.dates import date_span, format_partial_date

from .intervals import Extremes, Spans, meets_union, merged

# The kinds of answer, as Question.ValueType stores them.
COUNT, YEAR, DATE, PLACE, YES_NO, TEXT = "count", "year", "date", "place", "yes_no", "text"
NUMERIC_TYPES = frozenset({COUNT, YEAR, "percentage", "money", "quantity"})

# The verdicts, as Question.Agreement stores them.
UNANSWERED, SINGLE, AGREE, SPELLING = "unanswered", "single", "agree", "spelling"
OVER_TIME, DEFINITION, ACCOUNTS, CONFLICT = "over_time", "definition", "accounts", "conflict"

# The rank of a deprecated claim, as Claim.Rank stores it: shown, never compared.
DEPRECATED = "deprecated"

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
    rank: str = ""  # the editors' rank: a deprecated answer is no voice
    relations: tuple[Relation, ...] = ()
    # The record the answer was read from, carried for display only.
    claim: object = field(default=None, compare=False, repr=False)

    @property
    def counted(self) -> bool:
        """Is the answer a voice in the comparison? Not when the editors deprecate it."""
        return self.rank != DEPRECATED

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
        """The sources of its counted answers: a deprecated answer is no voice."""
        return len({answer.source_id for answer in self.answers if answer.counted})


@dataclass
class Analysis:
    status: str
    # Who says what, written when first read: refreshing thousands of questions at once
    # stores their verdicts and summaries, not their explanations.
    explain: Callable[[], str] = field(repr=False)
    # The answer groups, formed when first read: storing a verdict does not need them.
    group: Callable[[], list[AnswerGroup]] = field(repr=False)
    source_count: int
    summary: str
    label: str = ""  # the status in words, filled in by the model layer
    answers: list[Answer] = field(default_factory=list)  # every answer, deprecated ones too
    counted: list[Answer] = field(default_factory=list)  # the voices: none deprecated

    @cached_property
    def explanation(self) -> str:
        return self.explain()

    @cached_property
    def groups(self) -> list[AnswerGroup]:
        return self.group()


def without_collection(function):
    """Run without the cyclic garbage collector: the analysis makes many small objects that
    all stay alive until it ends, and the collector would walk them again and again for
    nothing (a third of the time of 10,000 answers)."""

    @wraps(function)
    def run(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return run


def spans(answers: list[Answer], value_type: str) -> list[tuple]:
    """Each answer's reading as a closed interval, so that one search fits every type:
    figures and dates as the values they allow, other answers as a number per distinct
    reading (equal readings, equal numbers)."""
    if value_type in NUMERIC_TYPES:
        return [interval(answer) for answer in answers]
    if value_type == DATE:
        return [day_interval(answer) for answer in answers]
    numbers: dict = {}
    found = []
    for answer in answers:
        number = numbers.setdefault(reading(answer, value_type), len(numbers))
        found.append((number, number))
    return found


@without_collection
def group_answers(
    answers: list[Answer], value_type: str, found: list[tuple] | None = None
) -> list[AnswerGroup]:
    """Put each answer in the first group it agrees with entirely.

    Answers that all meet each other share the interval where they meet, and no two
    groups' shared intervals meet: an answer that met an earlier group's would have joined
    it. So the groups lie apart on one line, and the first group an answer agrees with is
    the first among those whose shared interval it meets, found in a tree by position.
    `found` are the answers' spans(), where the caller has them.
    """
    found = spans(answers, value_type) if found is None else found
    if any(low > high for low, high in found):  # no answer reads so; kept exact all the same
        return first_fit(answers, value_type)
    ends = sorted({end for span in found for end in span})
    position = {end: number for number, end in enumerate(ends)}
    first_group = Extremes(len(ends))  # at each group's lower end: its number
    lower_end = Extremes(len(ends), greatest=True)  # the positions where a group starts
    starting_at: dict[int, int] = {}
    groups: list[AnswerGroup] = []
    shared: list[list] = []
    # An answer that joined a group lies around the group's shared interval ever after,
    # and no earlier group comes to meet it: an answer read alike joins the same group.
    joined: dict[tuple, int] = {}

    def place(group: int, low, high) -> None:
        at = position[low]
        first_group.put(at, group)
        lower_end.put(at, at)
        starting_at[at] = group
        shared[group] = [low, high]

    for answer, span in zip(answers, found, strict=True):
        group = joined.get(span)
        if group is not None:
            groups[group].answers.append(answer)
            continue
        low, high = span
        group = first_group.over(position[low], position[high] + 1)
        before = lower_end.over(0, position[low])  # a group starting below may reach in
        if before >= 0 and shared[starting_at[before]][1] >= low:
            group = min(group, starting_at[before])
        if group == math.inf:
            group = len(groups)
            groups.append(AnswerGroup([answer]))
            shared.append([])
            place(group, low, high)
        else:
            groups[group].answers.append(answer)
            old_low, old_high = shared[group]
            if low > old_low:  # the shared interval starts higher: move it in the trees
                at = position[old_low]
                first_group.put(at, math.inf)
                lower_end.put(at, -math.inf)
                del starting_at[at]
                place(group, low, min(old_high, high))
            else:
                shared[group][1] = min(old_high, high)
        joined[span] = group
    return groups


def first_fit(answers: list[Answer], value_type: str) -> list[AnswerGroup]:
    """group_answers by comparing each answer with every group's answers."""
    read = {answer.id: reading(answer, value_type) for answer in answers}
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
    places one source names (a town and its region are parts of one whole).

    Answers quoting the same words are joined at once; only a source's different
    passages are compared with each other, each shorter one looked for in the longer.
    """
    components = Components(answers)
    for same_source in by_source(answers):  # only one source's answers are one statement
        if value_type == PLACE:
            for answer in same_source:
                components.join(answer.id, same_source[0].id)
            continue
        passages: dict[str, int] = {}
        for answer in same_source:
            quote = normalise(answer.quote)
            if quote:
                components.join(answer.id, passages.setdefault(quote, answer.id))
        by_length = sorted(passages, key=len)
        for number, shorter in enumerate(by_length):
            for longer in by_length[number + 1 :]:
                if shorter in longer:
                    components.join(passages[shorter], passages[longer])
    return components


def voices(answers: list[Answer], wholes: Components) -> Components:
    """Who speaks: answers that cannot dispute each other are one voice.

    The parts of one statement; a source and the actor it cites; and answers the
    editors mark as repeating each other.
    """
    components = Components(answers)
    for same_source in by_source(answers):  # wholes join only one source's answers too
        first_of: dict[tuple, int] = {}
        for answer in same_source:
            whole = ("whole", wholes.find(answer.id))
            components.join(answer.id, first_of.setdefault(whole, answer.id))
            components.join(answer.id, first_of.setdefault(("actor", answer.actor_id), answer.id))
    for answer in answers:
        for relation in answer.relations:
            if relation.kind == REPEATS:
                components.join(answer.id, relation.other)
    return components


def revision_chains(answers: list[Answer]) -> Components:
    chains = Components(answers)
    for answer in answers:
        for relation in answer.relations:
            if relation.kind == REVISES:
                chains.join(answer.id, relation.other)
    return chains


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


# Stands for every measure, where the answers of all measures are searched: no slug.
ANYTHING = "*"
# How many of the first answers a search looks at one by one before it searches the tree.
FIRST_LOOKED_AT = 32


class Searched:
    """Answers in a tree by their readings: positions in the tree, answers' numbers."""

    def __init__(self, spans: list[tuple], numbers: list[int]):
        self.tree, self.numbers = Spans(spans), numbers


class Disputes:
    """Which answers two different voices dispute, and why, without comparing every pair.

    Answers are numbered in their order. A pair disputes when the readings cannot both
    be true, the voices differ and neither is a part of the other's statement; it is
    explained by a difference of measure, else by a revision chain, else unexplained.
    For each answer the search finds its first partner of a kind, by number, among the
    answers whose readings miss its own (a tree over the readings); an answer of another
    measure is searched only where the kind needs it. The first partners put the answers
    in the order the pairs name them: pair (0, 1) before (0, 2) before (1, 2).
    """

    def __init__(self, answers: list[Answer], value_type: str, found: list[tuple]):
        self.answers, self.value_type = answers, value_type
        self.spans = found  # the answers' spans()
        number = {answer.id: k for k, answer in enumerate(answers)}
        self.number = number
        parts = wholes(answers, value_type)
        speakers = voices(answers, parts)
        chains = revision_chains(answers)
        self.voice = [speakers.find(answer.id) for answer in answers]
        self.chain = [chains.find(answer.id) for answer in answers]
        self.measure = [answer.measure for answer in answers]
        self.elsewhere: dict[int, set[int]] = {}  # the pairs the editors mark as measuring apart
        for k, answer in enumerate(answers):
            for relation in answer.relations:
                other = number.get(relation.other)
                if relation.kind == MEASURES_ELSE and other is not None:
                    self.elsewhere.setdefault(k, set()).add(other)
                    self.elsewhere.setdefault(other, set()).add(k)
        members: dict[int, list[int]] = {}
        for k, answer in enumerate(answers):
            members.setdefault(parts.find(answer.id), []).append(k)
        self.whole = [parts.find(answer.id) for answer in answers]
        # The statements of several parts, as the union of their parts' readings.
        self.statements = {
            whole: merged([self.spans[k] for k in ks])
            for whole, ks in members.items()
            if len(ks) > 1
        }
        self.chains: dict[int, list[int]] = {}
        for k, chain in enumerate(self.chain):
            self.chains.setdefault(chain, []).append(k)
        # The answers of each measure ("" for none), and ANYTHING for all of them.
        self.by_measure: dict[str, list[int]] = {ANYTHING: list(range(len(answers)))}
        for k, measure in enumerate(self.measure):
            self.by_measure.setdefault(measure, []).append(k)
        self.trees: dict[str, Searched] = {}  # built when first searched
        self.growth_trees: dict[str, tuple] = {}

    def part_agrees(self, k: int, of: int) -> bool:
        """Does answer k agree with a part of the statement that answer `of` is part of?

        A statement of one answer is that answer, which the pair already found incompatible.
        """
        union = self.statements.get(self.whole[of])
        return union is not None and meets_union(union, *self.spans[k])

    def dispute(self, k: int, j: int) -> bool:
        """Do answers k and j, whose readings miss each other, dispute each other?"""
        return (
            k != j
            and self.voice[k] != self.voice[j]
            and not self.part_agrees(k, j)
            and not self.part_agrees(j, k)
        )

    def measured_apart(self, k: int, j: int) -> bool:
        a, b = self.measure[k], self.measure[j]
        return bool(a and b and a != b) or j in self.elsewhere.get(k, ())

    def kind(self, k: int, j: int) -> str:
        """Why a disputing pair differs: DEFINITION, OVER_TIME (revised), or CONFLICT."""
        if self.measured_apart(k, j):
            return DEFINITION
        if self.chain[k] == self.chain[j]:
            return OVER_TIME
        return CONFLICT

    def misses(self, k: int, j: int) -> bool:
        return not overlap(self.spans[k], self.spans[j])

    def compatible(self, k: int) -> list[str]:
        """The measures of the answers a pair with answer k may be unexplained with: any,
        for an answer of no measure; else its own or none."""
        if not self.measure[k]:
            return [ANYTHING]
        return [m for m in (self.measure[k], "") if m in self.by_measure]

    def searched(self, measure: str) -> Searched:
        """The answers of a measure in a tree by their readings."""
        if measure not in self.trees:
            ks = self.by_measure[measure]
            self.trees[measure] = Searched([self.spans[k] for k in ks], ks)
        return self.trees[measure]

    def compatible_measures(self, k: int) -> list[Searched]:
        return [self.searched(measure) for measure in self.compatible(k)]

    def first_unexplained(self, k: int) -> int | None:
        low, high = self.spans[k]
        spans, best = self.spans, None
        for searched in self.compatible_measures(k):
            # The first answers are looked at one by one (most answers find their first
            # partner among them), the rest searched in the tree.
            numbers = searched.numbers
            for j in numbers[:FIRST_LOOKED_AT]:
                if best is not None and j >= best:
                    break
                other_low, other_high = spans[j]
                if (other_high < low or other_low > high) and self.unexplained(k, j):
                    best = j
                    break
            else:
                for position in searched.tree.missing(low, high, start=FIRST_LOOKED_AT):
                    j = numbers[position]
                    if best is not None and j >= best:
                        break
                    if self.unexplained(k, j):
                        best = j
                        break
        return best

    def unexplained(self, k: int, j: int) -> bool:
        return self.dispute(k, j) and self.kind(k, j) == CONFLICT

    def first_measured_apart(self, k: int) -> int | None:
        low, high = self.spans[k]
        candidates = [j for j in self.elsewhere.get(k, ()) if self.misses(k, j)]
        if self.measure[k]:
            for measure in self.by_measure:
                if measure in (ANYTHING, "", self.measure[k]):
                    continue
                searched = self.searched(measure)
                for position in searched.tree.missing(low, high):
                    j = searched.numbers[position]
                    if self.dispute(k, j):
                        candidates.append(j)
                        break
        return min((j for j in candidates if self.dispute(k, j)), default=None)

    def first_revised(self, k: int) -> int | None:
        chain = self.chains[self.chain[k]]
        return next(
            (
                j
                for j in chain
                if self.misses(k, j) and self.dispute(k, j) and self.kind(k, j) == OVER_TIME
            ),
            None,
        )

    def involved(self, first_partner) -> list[Answer]:
        """The answers in a pair of a kind, in the order the pairs name them."""
        order = []
        for k in range(len(self.answers)):
            partner = first_partner(k)
            if partner is not None:
                order.append((partner, k, 1) if partner < k else (k, partner, 0))
        order.sort()
        return [self.answers[second if later else first] for first, second, later in order]

    def all_grew(self, involved: list[Answer]) -> bool:
        """Can every unexplained pair be one count that only grew between its dates?

        A pair that did not: the lower figure held no earlier than the higher one (or
        either has no date). Searched among the figures wholly below each answer's by the
        latest date they held, and among those wholly above by the earliest.
        """
        days = [held(answer)[0] or (-math.inf, math.inf) for answer in self.answers]
        for answer in involved:
            k = self.number[answer.id]
            low, high = self.spans[k]
            first_day, last_day = days[k]
            for measure in self.compatible(k):
                below, above = self.grown_trees(measure, days)
                highs, tree, ks = below
                stop = bisect_left(highs, low)  # wholly below: their upper end under my lower
                for position in tree.missing(-math.inf, first_day - 1, 0, stop):
                    if self.unexplained(k, ks[position]):
                        return False
                lows, tree, ks = above
                start = bisect_right(lows, high)
                for position in tree.missing(last_day + 1, math.inf, start):
                    if self.unexplained(k, ks[position]):
                        return False
        return True

    def grown_trees(self, measure: str, days: list[tuple]) -> tuple:
        """The answers of a measure by their upper ends, in a tree by the last day they
        held; and by their lower ends, in a tree by the first day."""
        if measure not in self.growth_trees:
            ks = self.by_measure[measure]
            by_high = sorted(ks, key=lambda k: self.spans[k][1])
            by_low = sorted(ks, key=lambda k: self.spans[k][0])
            self.growth_trees[measure] = (
                (
                    [self.spans[k][1] for k in by_high],
                    Spans([(days[k][1], math.inf) for k in by_high]),
                    by_high,
                ),
                (
                    [self.spans[k][0] for k in by_low],
                    Spans([(-math.inf, days[k][0]) for k in by_low]),
                    by_low,
                ),
            )
        return self.growth_trees[measure]


def say(answers: list[Answer], label=None) -> str:
    """Who says what: "DWN: “vor 30 Jahren”; Tengrinews: “1991”"."""
    unique = list({answer.id: answer for answer in answers}.values())
    # Only the named voices are written out: a question may have thousands.
    parts = [
        answer.says + (f" ({label(answer)})" if label else "") for answer in unique[:NAMED_VOICES]
    ]
    if len(unique) > NAMED_VOICES:
        rest = len(unique) - NAMED_VOICES
        parts.append(ngettext("and %(count)d more", "and %(count)d more", rest) % {"count": rest})
    return "; ".join(parts)


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
    labels = dict.fromkeys(answer_label(answer, value_type) for answer in answers)
    return " / ".join(labels)


def contradicting(answers: list[Answer]) -> list[Answer]:
    """The answers in pairs the editors mark as contradicting each other, in the pairs' order."""
    number = {answer.id: k for k, answer in enumerate(answers)}
    pairs = set()
    for k, answer in enumerate(answers):
        for relation in answer.relations:
            other = number.get(relation.other)
            if relation.kind == CONTRADICTS and other is not None and other != k:
                pairs.add((min(k, other), max(k, other)))
    return [answers[k] for pair in sorted(pairs) for k in pair]


@without_collection
def analyse(value_type: str, answers: list[Answer]) -> Analysis:
    """The verdict on a question's answers, with an explanation naming who says what.

    Deprecated answers are shown (in the groups, after the others) but are no voice:
    the verdict, the count of sources and the summary read only the counted answers.
    """
    given = answers
    answers = [answer for answer in given if answer.counted]
    set_aside = [answer for answer in given if not answer.counted]
    shown = answers + set_aside if set_aside else answers
    found_shown = spans(shown, value_type)  # one numbering of readings for all of them
    found = found_shown[: len(answers)]
    sources = len({answer.source_id for answer in answers})

    def result(status, explain):
        summary = summarise(answers, value_type)
        group = partial(group_answers, shown, value_type, found_shown)
        if set_aside and answers:
            explain = partial(not_compared, explain, set_aside)
        return Analysis(status, explain, group, sources, summary, answers=given, counted=answers)

    if not answers and set_aside:
        return result(
            UNANSWERED,
            lambda: (
                _("The editors deprecate every answer, so none is compared: %(says)s.")
                % {"says": say(set_aside)}
            ),
        )
    if not answers:
        return result(UNANSWERED, lambda: _("No source answers this question yet."))

    marked = contradicting(answers)
    if marked:
        return result(
            CONFLICT,
            lambda: (
                _("The editors mark these answers as contradicting each other: %(says)s.")
                % {"says": say(marked)}
            ),
        )

    if one_group(found):  # no two readings miss each other: nobody disputes anybody
        return agreement(answers, True, value_type, result)
    disputes = Disputes(answers, value_type, found)
    unexplained = disputes.involved(disputes.first_unexplained)
    definition = revised = []
    if not unexplained:
        definition = disputes.involved(disputes.first_measured_apart)
        revised = disputes.involved(disputes.first_revised)
        if not definition and not revised:
            return agreement(answers, one_group(found), value_type, result)
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
    if not unexplained and definition:
        return result(
            DEFINITION,
            lambda: (
                _("The answers differ because they measure different things: %(says)s.")
                % {"says": say(definition, label=lambda a: a.measure_name or a.measure or "?")}
            ),
        )
    if not unexplained:
        return result(
            OVER_TIME,
            lambda: (
                _("The figures differ because later figures revise earlier ones: %(says)s.")
                % {"says": say(revised)}
            ),
        )
    if value_type == COUNT and disputes.all_grew(unexplained):
        return result(OVER_TIME, lambda: running_count(unexplained))
    return result(
        CONFLICT,
        lambda: (
            _("The answers truly conflict: %(says)s cannot all be true.")
            % {"says": say(unexplained, label=lambda a: answer_label(a, value_type))}
        ),
    )


def not_compared(explain: Callable[[], str], set_aside: list[Answer]) -> str:
    """The explanation, and which answers it leaves out as deprecated."""
    left_out = _("Shown but not compared, as the editors deprecate them: %(says)s.") % {
        "says": say(set_aside)
    }
    return f"{explain()} {left_out}"


def one_group(found: list[tuple]) -> bool:
    """Do all the answers (their spans()) agree with each other, as one group?

    Intervals that all meet each other pairwise share a point: the highest lower end
    lies at or below the lowest upper end.
    """
    return max(low for low, _high in found) <= min(high for _low, high in found)


def agreement(answers, one_group: bool, value_type, result) -> Analysis:
    """No two voices dispute each other: the answers agree, or one voice gives several."""
    if one_group:
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
        if not one_group:
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
    if not one_group:
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


def running_count(involved: list[Answer]) -> str:
    """How the figures grew, and by which dates they are ordered."""
    ordered = sorted(involved, key=lambda answer: held(answer)[0])
    fallback = [answer for answer in involved if held(answer)[1]]
    if len(fallback) == len(involved):
        basis = _("Ordered by publication date: the sources give no as-of date.")
    elif fallback:
        names = list(dict.fromkeys(answer.who or answer.stated_value for answer in fallback))
        if len(names) > NAMED_VOICES:
            rest = len(names) - NAMED_VOICES
            more = ngettext("and %(count)d more", "and %(count)d more", rest) % {"count": rest}
            names = [*names[:NAMED_VOICES], more]
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
