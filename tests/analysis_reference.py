"""The agreement analysis as first written, comparing every pair of answers: the
reference the tests hold claims.analysis to. Too slow for a large question (n²), and
plain enough to read as the rules' definition."""

from itertools import combinations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims.analysis import (
    ACCOUNTS,
    AGREE,
    CONFLICT,
    CONTRADICTS,
    COUNT,
    DEFINITION,
    MEASURES_ELSE,
    OVER_TIME,
    PLACE,
    REPEATS,
    REVISES,
    SINGLE,
    SPELLING,
    TEXT,
    UNANSWERED,
    Analysis,
    Answer,
    AnswerGroup,
    Components,
    answer_label,
    by_source,
    fits,
    held,
    held_label,
    interval,
    normalise,
    overlap,
    reading,
    same_passage,
    say,
    summarise,
)


def readings(answers: list[Answer], value_type: str) -> dict[int, object]:
    return {answer.id: reading(answer, value_type) for answer in answers}


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


def grew(a: Answer, b: Answer) -> bool:
    """Can the two figures be one count that only grew between the dates they held?"""
    (days_a, _fallback_a), (days_b, _fallback_b) = held(a), held(b)
    if days_a is None or days_b is None or overlap(days_a, days_b):
        return False
    earlier, later = (a, b) if days_a[1] < days_b[0] else (b, a)
    return interval(earlier)[1] < interval(later)[0]


def pairs_say(pairs: list[tuple[Answer, Answer]], label=None) -> str:
    return say([answer for pair in pairs for answer in pair], label)


def analyse(value_type: str, answers: list[Answer]) -> Analysis:
    """The verdict on a question's answers, with an explanation naming who says what."""
    groups = group_answers(answers, value_type)
    sources = len({answer.source_id for answer in answers})

    def result(status, explain):
        summary = summarise(answers, value_type)
        return Analysis(status, explain, lambda: groups, sources, summary, answers=answers)

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
