"""
How often the reading view's first suggestion for a figure is the question its claim
answers, measured on the demo dossier.

usage: DATABASE_URL=… .venv/bin/python bench/figure_matching.py [--output FILE] [--record]

For each claim of the demo whose quote states a figure or a date the parser finds, the
claim is hidden (the source read as if it were not there), its figure is matched to the
existing questions as the reading view does (claims/similar.py: FigureMatcher), and the
rank of the claim's own question is noted. Prints the share in first place and in the
first three. Loads the demo into an empty database first (SQLite or PostgreSQL: the
suggestions are scored the same way on both).
"""

import argparse
import datetime
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Measured:
    claims: int  # claims in the dossier
    measured: int  # those whose quote states a figure or date the parser finds
    first: int  # their question suggested first
    top_three: int  # among the first three

    @property
    def first_share(self) -> float:
        return self.first / self.measured if self.measured else 0.0

    @property
    def top_three_share(self) -> float:
        return self.top_three / self.measured if self.measured else 0.0


def stated_by(figure, claim) -> bool:
    """Whether the figure the parser found is the answer the claim gives."""
    if claim.date_value is not None:
        return claim.date_value in (figure.date_value, year_as_date(figure.value))
    if claim.value is not None:
        # A year is read as a date ("seit 2003") or a figure ("2003"): either answers.
        return claim.value == figure.value or (
            figure.date_precision == "year" and claim.value == figure.date_value.year
        )
    if claim.value_min is not None or claim.value_max is not None:
        return (figure.value_min, figure.value_max) == (claim.value_min, claim.value_max)
    return False


def year_as_date(value):
    if value is None or value != value.to_integral_value() or not 1000 <= value <= 2100:
        return None
    return datetime.date(int(value), 1, 1)


def measure() -> Measured:
    from claims.coverage import Sentences
    from claims.models import Claim
    from claims.parsing import find_all
    from claims.similar import FigureMatcher
    from sources.models import Source
    from sources.text import QuoteFinder

    result = Measured(Claim.objects.count(), 0, 0, 0)
    for source in Source.objects.order_by("pk"):
        claims = list(Claim.objects.filter(source=source).order_by("pk"))
        if not claims:
            continue
        finder, sentences = QuoteFinder(source.text), Sentences(source.text)
        figures = find_all(source.text, source.language, source.published_on)
        for claim in claims:
            span = finder.find(claim.quote)
            if not span:
                continue
            figure = next(
                (
                    f
                    for f in figures
                    if span[0] <= f.start and f.end <= span[1] and stated_by(f, claim)
                ),
                None,
            )
            if figure is None:
                continue
            others = [other for other in claims if other.pk != claim.pk]
            matcher = FigureMatcher(source.text, others)
            ranked = matcher.suggest(figure, sentences.around(figure.start, figure.end))
            questions = [suggestion.question.pk for suggestion in ranked]
            result.measured += 1
            result.first += questions[:1] == [claim.question_id]
            result.top_three += claim.question_id in questions[:3]
    return result


def section(measured: Measured, database: str) -> str:
    return (
        "## Figures matched to questions, on the demo\n\n"
        f"Database: {database}. Claims: {measured.claims}; measured (their quote states a "
        f"figure or a date the parser finds): {measured.measured}.\n\n"
        "| their question | claims | share |\n| --- | --- | --- |\n"
        f"| suggested first | {measured.first} | {measured.first_share:.0%} |\n"
        f"| among the first three | {measured.top_three} | {measured.top_three_share:.0%} |\n"
    )


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossier.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import output

    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    output.add_arguments(parser, "figure_matching")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    measured = measure()
    text = section(measured, connection.vendor)
    print(text)
    output.save(text, "figure_matching", args.output, args.record)


if __name__ == "__main__":
    main()
