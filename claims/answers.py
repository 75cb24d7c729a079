"""Stored rows as the analysis's input, and its results as a question stores them.

The analysis itself (claims.analysis) reads plain answers and reads no database; this
turns the rows of ClaimQuerySet.answer_rows() into those answers, for many questions
at once, and an analysis into Question.ANALYSIS_FIELDS. It reads no database either:
a large import runs it in a second process (claims/refresh.py).
"""

from typing import NamedTuple

from django.utils.translation import override

from dossier.translation import in_language

from .analysis import Analysis, Answer, Relation, analyse, summarise
from .text import shorten

# The claim's own columns the analysis reads, named alike on Claim and Answer.
ANSWER_FIELDS = [
    "source_id",
    "actor_id",
    "quote",
    "stated_value",
    "bound",
    "value",
    "value_min",
    "value_max",
    "tolerance",
    "date_value",
    "date_precision",
    "place_id",
    "boolean_value",
    "text_value",
    "text_value_de",
    "as_of",
    "as_of_precision",
    "rank",
]


def says_who(source_title: str, outlet: str | None, actor: str | None) -> str:
    """Who says it, as the analysis names it: "DWN", "Tokayev (Tengrinews)".

    The source's outlet (else its title), after the actor it cites, if any.
    """
    name = source_title if outlet is None else outlet
    return name if actor is None else f"{actor} ({name})"


def answers_from_rows(rows: list[tuple], relations: list[tuple]) -> dict[int, list[Answer]]:
    """The answers of ClaimQuerySet.answer_rows(), by question id, in the claims' order.

    They equal Claim.as_answer()'s, less the claim. Reads no database.
    """
    related: dict[int, list[Relation]] = {}
    for claim_id, kind, other_id in relations:
        related.setdefault(claim_id, []).append(Relation(kind, other_id))
    answers: dict[int, list[Answer]] = {}
    for row in rows:
        pk, question_id, place, title, outlet, actor, published_on, precision = row[:8]
        slug, name, name_de, *own = row[8:]
        answer = Answer(
            id=pk,
            **dict(zip(ANSWER_FIELDS, own, strict=True)),
            place_name=place or "",
            who=says_who(title, outlet, actor),
            published_on=published_on,
            published_precision=precision,
            measure=slug or "",
            measure_name=in_language(name, name_de) if slug is not None else "",
            relations=tuple(related.get(pk, ())),
        )
        answers.setdefault(question_id, []).append(answer)
    return answers


class StoredAnalysis(NamedTuple):
    """What a question stores of its analysis (Question.ANALYSIS_FIELDS but the shown
    verdict, which may be the editors')."""

    status: str
    source_count: int
    summary: str
    summary_de: str

    @classmethod
    def of(cls, analysis: Analysis, summary_de: str) -> "StoredAnalysis":
        summaries = shorten(analysis.summary, 200), shorten(summary_de, 200)
        return cls(analysis.status, analysis.source_count, *summaries)

    def fields(self, verdict: str | None) -> dict:
        """Question.ANALYSIS_FIELDS' values; the editors' verdict (its agreement), if
        any, is the one shown."""
        return {
            "agreement": verdict or self.status,
            "automatic_agreement": self.status,
            "source_count": self.source_count,
            "answer_summary": self.summary,
            "answer_summary_de": self.summary_de,
        }


def analysed(questions: list[tuple[int, str]], rows, relations) -> dict[int, StoredAnalysis]:
    """The stored analysis of each question (its id and type of answer), from the rows
    of its claims (ClaimQuerySet.answer_rows). Reads no database: a large import runs
    it in a second process (claims/refresh.py)."""
    with override("en"):  # the language the analysis runs in
        answers = answers_from_rows(rows, relations)
        analyses = {pk: analyse(value_type, answers.get(pk, [])) for pk, value_type in questions}
    with override("de"):
        return {
            pk: StoredAnalysis.of(analyses[pk], summarise(analyses[pk].counted, value_type))
            for pk, value_type in questions
        }
