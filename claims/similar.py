"""Questions that may ask what another question asks, and the questions a figure may answer.

Editors create questions from a blank form; nothing else would tell them that one asking
the same thing exists. A question is ranked against another by its event (the same one,
or a part of the same event), a compatible type of answer and unit, its wording in
English or German (and its keywords), and answers quoted from overlapping passages of
the same source.

The candidates are narrowed in SQL: the event's family, and on PostgreSQL the nearest
by trigram distance through the GiST indexes on both texts (claims.0064). Only those few
are scored here, the same way on both databases, so that a suggestion reads the same on
SQLite and PostgreSQL.
"""

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from django.contrib.postgres.search import TrigramDistance
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Claim, DistinctPair, Event, Question
from .parsing import FIGURE

# Questions scored for one candidate: the best matches the indexes give on PostgreSQL,
# the newest of the event's family on SQLite.
CANDIDATES = 60
SQLITE_CANDIDATES = 2000
# A question is suggested from this wording similarity up (0 to 1).
MIN_WORDING = 0.5
# Two quotes overlap when they share this many characters (whitespace aside), or one
# holds the other.
OVERLAP = 40

# Types of answer that may ask the same thing: a count of people may have been entered
# as a quantity, a year as a date.
COMPATIBLE = [
    {Question.ValueType.COUNT, Question.ValueType.QUANTITY},
    {Question.ValueType.YEAR, Question.ValueType.DATE},
]

STOPWORDS = set(
    """
    a an and are as at be by did do does for from had has have how in into is it its many
    much of on or the their there to was were what when where which who whom why with
    according reported
    am an auf aus bei bis das dass dem den der des die ein eine einem einen einer eines
    es für hat hatte im in ist mit nach seit sich sind um und von vor war waren was wer
    wie viel viele wann wo welche welcher welches zu zum zur laut
    wurde wurden worden werden wird sei seien haben habe hatten sein
    """.split()
)
WORD = re.compile(r"\w+")


# Texts are compared with many others (every pair of a duplicates scan): each is read
# into words and trigrams once.
TEXTS_REMEMBERED = 20_000


@lru_cache(maxsize=TEXTS_REMEMBERED)
def folded(text: str) -> str:
    """Lower case, accents and ß folded: "Unruhen" and "unruhen", "Tokajew" and "tokajew"."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(char for char in text if not unicodedata.combining(char))


@lru_cache(maxsize=TEXTS_REMEMBERED)
def stems(text: str) -> frozenset[str]:
    """The text's words as crude stems, both languages alike: the first five letters of
    each word that is not a small word ("deaths" and "death", "Demonstranten" and
    "Demonstrierende" meet; a stemmer per language would split them apart)."""
    return frozenset(
        word[:5]
        for word in WORD.findall(folded(text))
        if word not in STOPWORDS and (len(word) > 2 or word.isdigit())
    )


@lru_cache(maxsize=TEXTS_REMEMBERED)
def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams of a text: each word padded with two spaces before, one after."""
    grams = set()
    for word in WORD.findall(folded(text)):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(first: str, second: str) -> float:
    """What pg_trgm's similarity() gives: shared trigrams over all of both."""
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b) if a and b else 0.0


def wording(question: Question) -> list[tuple[str, set[str]]]:
    """A question's texts, each with its stems and the keywords of its language."""
    texts = [
        (question.text_en or "", question.keywords or ""),
        (question.text_de or "", question.keywords_de or ""),
    ]
    return [(text, stems(f"{text} {keywords}")) for text, keywords in texts if text.strip()]


class Rarity:
    """How much a shared word says, by how few of the questions compared use it: the
    questions of one affair share their frame ("How many people … in the unrest?"), and
    "died" against "injured" is what tells two of them apart."""

    def __init__(self, questions):
        self.counts = Counter(
            word
            for question in questions
            for word in set().union(*(words for _text, words in wording(question)))
        )
        self.total = len(questions)

    def weight(self, word: str) -> float:
        return math.log(1 + (self.total + 1) / (self.counts[word] + 1))

    def overlap(self, first: set, second: set) -> float:
        """Dice's coefficient, each word counted by its weight."""
        both = sum(self.weight(word) for word in first) + sum(self.weight(word) for word in second)
        return 2 * sum(self.weight(word) for word in first & second) / both if both else 0.0


def wording_similarity(
    candidate: Question, other: Question, rarity: Rarity | None = None
) -> tuple[float, str]:
    """The closest pair of texts, either language against either: a question written in
    German only still meets its English twin's German text. Half the shared words, rare
    ones counting most, half the shared trigrams (pg_trgm's similarity). Returns the
    similarity and the other question's text it was found in."""
    rarity = rarity or Rarity([candidate, other])
    best, text = 0.0, ""
    for mine, my_stems in wording(candidate):
        for theirs, their_stems in wording(other):
            words = rarity.overlap(my_stems, their_stems)
            score = (words + trigram_similarity(mine, theirs)) / 2
            if score > best:
                best, text = score, theirs
    return best, text


def compatible_types(first: str, second: str) -> bool:
    if not first or not second or first == second:
        return True
    return any(first in group and second in group for group in COMPATIBLE)


def units(question: Question) -> set[str]:
    return {folded(unit).strip() for unit in (question.unit, question.unit_de) if unit.strip()}


def same_unit(first: Question, second: Question) -> bool | None:
    """True for the same unit in either language, False for different ones, None when
    either names none (a count of people may leave its unit empty)."""
    mine, theirs = units(first), units(second)
    if not mine or not theirs:
        return None
    return bool(mine & theirs)


def quotes_overlap(first: str, second: str) -> bool:
    a, b = " ".join(first.split()), " ".join(second.split())
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
    return match.size >= OVERLAP


def event_family(event_id: int | None) -> list[int]:
    """The event, its parent, its parts and its parent's other parts: two queries."""
    if event_id is None:
        return []
    parent = Event.objects.filter(pk=event_id).values_list("parent_id", flat=True).first()
    roots = [pk for pk in (event_id, parent) if pk is not None]
    return list(
        Event.objects.filter(Q(pk__in=roots) | Q(parent_id__in=roots)).values_list("pk", flat=True)
    )


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def close_in_wording(questions, candidate: Question, limit: int) -> list[Question]:
    """The questions whose texts are closest to the candidate's, in English and in
    German: on PostgreSQL the nearest by trigram distance, which the GiST indexes of
    both texts (claims.0064) find without reading every question; on SQLite the newest,
    scored afterwards in Python."""
    if not on_postgresql():
        return list(questions.order_by("-pk")[:SQLITE_CANDIDATES])
    nearest = [
        questions.annotate(distance=TrigramDistance(column, text)).order_by("distance")[:limit]
        for column, text in (("text_en", candidate.text_en), ("text_de", candidate.text_de))
        if text and text.strip()
    ]
    if not nearest:
        return []
    # One query: the nearest in either language; a question near in both comes twice.
    found = {question.pk: question for question in nearest[0].union(*nearest[1:], all=True)}
    return list(found.values())


@dataclass
class Suggestion:
    """An existing question that may ask the same thing, how close (0 to 1), and why."""

    question: Question
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return ", ".join(self.reasons)


def similar_questions(
    candidate: Question,
    passages: list[tuple[int, str]] = (),
    limit: int = 5,
    family=None,
    compared_with: int = CANDIDATES,
) -> list[Suggestion]:
    """The existing questions that may ask what the candidate (saved or not) asks, best
    first. passages are (source id, quote) pairs its answers quote, or will quote.

    Four queries: the event's family (two), the candidates, their answers' quotes from
    the same sources (only with passages).
    """
    family = event_family(candidate.event_id) if family is None else family
    if not family:
        return []
    questions = Question.objects.filter(event__in=family).select_related("event")
    if candidate.pk:
        questions = questions.exclude(pk=candidate.pk)
    candidates = close_in_wording(questions, candidate, compared_with)
    quoted = quoted_passages(candidates, passages)
    rarity = Rarity([candidate, *candidates])
    suggestions = []
    for other in candidates:
        suggestion = compared(candidate, other, quoted.get(other.pk), rarity)
        if suggestion:
            suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.question.slug))
    return suggestions[:limit]


def quoted_passages(candidates: list[Question], passages) -> dict[int, str]:
    """For each candidate, the title of a source it is answered from by a quote that
    overlaps one of the passages."""
    if not passages or not candidates:
        return {}
    by_source: dict[int, list[str]] = {}
    for source_id, quote in passages:
        by_source.setdefault(source_id, []).append(quote)
    rows = Claim.objects.filter(
        question__in=[question.pk for question in candidates], source__in=list(by_source)
    ).values_list("question_id", "source_id", "quote", "source__title")
    found = {}
    for question_id, source_id, quote, title in rows:
        if any(quotes_overlap(quote, mine) for mine in by_source[source_id]):
            found.setdefault(question_id, title)
    return found


def compared(
    candidate: Question, other: Question, passage: str | None, rarity: Rarity | None = None
) -> Suggestion | None:
    """How close another question is to the candidate, or None when it cannot ask the
    same thing (another type of answer, another unit) or its wording is too far."""
    if not compatible_types(candidate.value_type, other.value_type):
        return None
    unit = same_unit(candidate, other)
    if unit is False:
        return None
    similarity, text = wording_similarity(candidate, other, rarity)
    if similarity < MIN_WORDING:
        return None
    reasons = []
    same_event = other.event_id == candidate.event_id
    reasons.append(_("same event") if same_event else _("part of the same event"))
    score = 0.6 * similarity + (0.2 if same_event else 0.12)
    if candidate.value_type == other.value_type:
        score += 0.1
        reasons.append(_("same type of answer"))
    if unit:
        score += 0.1
        reasons.append(_("same unit (%(unit)s)") % {"unit": other.unit or other.unit_de})
    reasons.append(
        _("similar wording: “%(text)s” (%(similarity)s)")
        % {"text": text, "similarity": f"{similarity:.2f}"}
    )
    if passage:
        # Weak alone: one sentence often states the answers to several questions.
        score += 0.1
        reasons.append(_("an answer quotes the same passage of “%(source)s”") % {"source": passage})
    return Suggestion(other, round(min(score, 1.0), 2), reasons)


# --- Possible duplicates ------------------------------------------------------------

# The duplicates page compares the most recently changed questions with all others
# (through the same indexes); a duplicate is most often a question just added. Each with
# its nearest few in each language: its five closest are among them. At 100,000
# questions that is 1-2 s for the page (the command scans deeper on request).
DUPLICATES_SCANNED = 100
DUPLICATES_COMPARED_WITH = 20
DUPLICATES_LISTED = 100


@dataclass
class Pair:
    first: Question
    second: Question
    score: float
    reason: str


def possible_duplicates(scanned: int = DUPLICATES_SCANNED, listed: int = DUPLICATES_LISTED):
    """Pairs of existing questions that may ask the same thing, closest first, but for
    the pairs an editor judged distinct (DistinctPair).

    Each of the `scanned` questions changed last is ranked against the others like a
    new question (similar_questions): a few indexed queries each, never all pairs.
    """
    recent = list(Question.objects.select_related("event").order_by("-updated_at", "-pk")[:scanned])
    judged_distinct = DistinctPair.objects.keys_touching(recent)
    quotes: dict[int, list[tuple[int, str]]] = {}
    for question_id, source_id, quote in Claim.objects.filter(question__in=recent).values_list(
        "question_id", "source_id", "quote"
    ):
        quotes.setdefault(question_id, []).append((source_id, quote))
    families: dict[int, list[int]] = {}
    pairs: dict[tuple[int, int], Pair] = {}
    for question in recent:
        if question.event_id not in families:
            families[question.event_id] = event_family(question.event_id)
        for suggestion in similar_questions(
            question,
            quotes.get(question.pk, []),
            limit=5,
            family=families[question.event_id],
            compared_with=DUPLICATES_COMPARED_WITH,
        ):
            first, second = sorted([question, suggestion.question], key=lambda q: q.pk)
            key = (first.pk, second.pk)
            if key in judged_distinct:
                continue
            if key not in pairs or pairs[key].score < suggestion.score:
                pairs[key] = Pair(first, second, suggestion.score, suggestion.reason)
    return sorted(pairs.values(), key=lambda p: (-p.score, p.first.slug, p.second.slug))[:listed]


# --- Figures matched to questions ---------------------------------------------------

FIGURE_SUGGESTIONS = 3
# Words either side of a figure that may name what it counts: "164 Menschen", "Zahl der
# Toten: 225".
UNIT_WORDS_AFTER = 3
UNIT_WORDS_BEFORE = 4
# The questions a figure is compared with: the newest of the source's events, and on
# PostgreSQL older ones found by their words.
NEWEST = 1000
# The words closest to a figure say most about what it answers: this many characters
# either side.
LOCAL = 60
WORDS_WEIGHT = 0.15
LOCAL_WEIGHT = 0.05


@dataclass
class FigureSuggestion:
    question: Question
    score: float
    reasons: list[str]

    @property
    def reason(self) -> str:
        return ", ".join(self.reasons)


def kinds_for(figure) -> set[str]:
    """The types of answer a figure or a date may give."""
    if figure.kind != FIGURE:
        return {Question.ValueType.DATE, Question.ValueType.YEAR}
    kinds = set(Question.NUMERIC_TYPES)
    value = figure.value
    if value is None or value != value.to_integral_value() or not 1000 <= value <= 2100:
        kinds.discard(Question.ValueType.YEAR)
    else:
        kinds.add(Question.ValueType.DATE)  # "2020" may date a founding, to the year
    return kinds


PERCENT = ("%", "prozent", "percent")


def is_percentage(text: str, figure) -> bool:
    stated = figure.stated_value.casefold().rstrip()
    after = text[figure.end : figure.end + 12].lstrip().casefold()
    return stated.endswith(PERCENT) or after.startswith(PERCENT)


def own_words(question: Question) -> set[str]:
    return stems(
        " ".join([question.text_en, question.text_de, question.keywords, question.keywords_de])
    )


class FigureMatcher:
    """The existing questions each figure of one source may answer, best first.

    The questions looked at are those of the events the source's claims answer (and
    their parts), or, for a source nothing is claimed from yet, any; on PostgreSQL
    beyond the newest, those whose texts are nearest to the figure's sentence (trigrams).
    """

    def __init__(self, text: str, claims: list[Claim]):
        self.text = text
        self.answered = {claim.question_id for claim in claims}
        events = set(
            Question.objects.filter(pk__in=self.answered).values_list("event_id", flat=True)
        )
        self.family = set()
        for event_id in events:
            self.family.update(event_family(event_id))
        self.questions = Question.objects.all()
        if self.family:
            self.questions = self.questions.filter(event__in=self.family)
        self.newest = None

    def candidates(self, sentence: str) -> list[Question]:
        """The newest questions of the events (all of them in a dossier of usual size),
        and on PostgreSQL, beyond those, the ones nearest to the sentence in trigrams."""
        if self.newest is None:
            self.newest = list(self.questions.order_by("-pk")[:NEWEST])
        if not on_postgresql() or len(self.newest) < NEWEST:
            return self.newest
        oldest = self.newest[-1].pk
        sentence_as_question = Question(text_en=sentence, text_de=sentence)
        older = close_in_wording(
            self.questions.filter(pk__lt=oldest), sentence_as_question, CANDIDATES
        )
        return self.newest + older

    def suggest(
        self, figure, sentence: tuple[int, int], limit: int = FIGURE_SUGGESTIONS
    ) -> list[FigureSuggestion]:
        words = stems(self.text[sentence[0] : sentence[1]])
        after = WORD.findall(folded(self.text[figure.end : figure.end + 60]))[:UNIT_WORDS_AFTER]
        before = WORD.findall(folded(self.text[max(0, figure.start - 60) : figure.start]))
        near = {word[:5] for word in after + before[-UNIT_WORDS_BEFORE:]}
        local = stems(self.text[max(0, figure.start - LOCAL) : figure.end + LOCAL])
        percent = is_percentage(self.text, figure)
        kinds = kinds_for(figure)
        questions = [
            (question, own_words(question))
            for question in self.candidates(self.text[sentence[0] : sentence[1]])
            if question.value_type in kinds
        ]
        # A word most questions share ("Kasachstan") tells less than a rare one.
        counts = Counter(word for _question, own in questions for word in own)
        weight = {word: math.log((len(questions) + 1) / count) for word, count in counts.items()}
        ranked = []
        for question, own in questions:
            reasons, score = [], 0.0
            unit = stems(f"{question.unit} {question.unit_de}")
            if question.value_type == Question.ValueType.PERCENTAGE:
                if not percent:
                    continue
                score += 0.3
                reasons.append(_("a percentage"))
            elif percent:
                continue
            elif unit and unit & near:
                score += 0.3
                reasons.append(
                    _("same unit (%(unit)s)") % {"unit": question.unit_de or question.unit}
                )
            shared = own & words
            if shared:
                score += WORDS_WEIGHT * sum(weight[word] for word in shared) / math.sqrt(
                    sum(weight[word] for word in own)
                ) + LOCAL_WEIGHT * sum(weight[word] for word in shared & local)
                reasons.append(
                    _("words around the figure: %(words)s") % {"words": ", ".join(sorted(shared))}
                )
            if question.event_id in self.family:
                score += 0.1
                reasons.append(_("an event this source is claimed for"))
            if score >= 0.2:
                ranked.append(FigureSuggestion(question, round(score, 2), reasons))
        ranked.sort(key=lambda s: (-s.score, s.question.slug))
        return ranked[:limit]
