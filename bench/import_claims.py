"""
Time `manage.py import_claims` on PostgreSQL: N claims of a generated dossier exported
to CSV (the admin's export, with source and actor slugs), deleted (their questions
re-analysed, as a deletion in the admin does), then imported again as new claims, then
imported once more unchanged. Prints rows per second.

usage: DATABASE_URL=postgres://… .venv/bin/python bench/import_claims.py [--rows N]
       [--whole-questions]

Run it on a database filled by `generate_dossier` (it deletes and restores N claims).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from claims.models import Claim, Question  # noqa: E402
from claims.resources import ClaimResource  # noqa: E402


def timed_import(path: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_claims", path, "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        sys.exit(
            f"import_claims failed:\n{result.stderr[-2000:]}\nThe claims it deleted are in "
            f"{path}: import them again with manage.py import_claims."
        )
    return seconds, result.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000, help="how many claims (20000)")
    parser.add_argument(
        "--whole-questions",
        action="store_true",
        help="all the claims of as many questions as it takes (about ten each), as a file "
        "of a new part of a dossier holds; by default the first claims, each of which "
        "answers another question, so that every row costs a question's analysis",
    )
    args = parser.parse_args()
    order = ("question_id", "pk") if args.whole_questions else ("pk",)
    claims = Claim.objects.order_by(*order)[: args.rows]
    pks = list(claims.values_list("pk", flat=True))
    if len(pks) < args.rows:
        sys.exit(f"The database holds only {len(pks)} claims: run generate_dossier first.")
    dataset = ClaimResource().export(Claim.objects.filter(pk__in=pks).order_by(*order))
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as file:
        file.write(dataset.csv)
    before = Claim.objects.count()
    questions = set(Claim.objects.filter(pk__in=pks).values_list("question_id", flat=True))
    Claim.objects.filter(pk__in=pks).delete()
    # As a deletion in the admin does: the import then changes what the questions store.
    Question.objects.filter(pk__in=questions).refresh_analysis()

    seconds, summary = timed_import(file.name)
    print(f"new:       {args.rows:,} rows in {seconds:.1f} s = {args.rows / seconds:,.0f} rows/s")
    print(f"           {summary}")
    assert Claim.objects.count() == before, "the import did not restore every claim"
    seconds, summary = timed_import(file.name)
    print(f"unchanged: {args.rows:,} rows in {seconds:.1f} s = {args.rows / seconds:,.0f} rows/s")
    print(f"           {summary}")
    os.unlink(file.name)


if __name__ == "__main__":
    main()
