"""
Time one question with very many answers: its agreement analysis alone, its comparison
page built anew (the first page and the last), and the admin's save of one of its claims.

usage: DATABASE_URL=postgres://… .venv/bin/python bench/big_question.py [--sizes 1000 10000 100000]

Generates a question of each size into the database (migrated first; a question generated
before is reused): a death toll reported by a third as many sources as answers, each
source giving up to three answers (itself and the actors it cites), mostly exact figures
that climb with the days, a tenth of them approximate, some open-ended, two measures,
a revision every fiftieth answer, and here and there a figure that falls.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils.translation import override  # noqa: E402

from bench.admin_pages import opened_form  # noqa: E402
from claims.analysis import analyse  # noqa: E402
from claims.answer_pages import ANSWERS_PER_PAGE  # noqa: E402
from claims.models import Claim, ClaimRelation, Event, Measure, Question  # noqa: E402
from pages import kept as kept_pages  # noqa: E402
from sources.models import Actor, Source  # noqa: E402

ROUNDS = 3  # each figure is the median of so many runs (one at 100,000 answers)
FIRST_DAY = datetime.date(2022, 1, 5)


def generated(size: int) -> Question:
    """The question with `size` answers, generated unless it was before."""
    slug = f"bench-death-toll-{size}"
    question = Question.objects.filter(slug=slug).first()
    if question is not None and question.claims.count() == size:
        return question
    with transaction.atomic():
        if question is not None:
            question.delete()
        event, _ = Event.objects.get_or_create(
            slug="bench-unrest",
            defaults={
                "name": "Unrest (benchmark)",
                "starts_on": FIRST_DAY,
                "starts_precision": "day",
            },
        )
        question = Question.objects.create(
            event=event, slug=slug, text_en=f"How many died? ({size:,} answers)",
            text_de=f"Wie viele starben? ({size:,} Antworten)", value_type="count", unit="people",
            status="published",
        )  # fmt: skip
        measures = [
            Measure.objects.create(question=question, slug=slug, name=slug)
            for slug in ("civilians", "everyone")
        ]
        actors = [
            Actor.objects.get_or_create(
                slug=f"bench-actor-{k}", defaults={"name": f"Ministry {k}", "kind": "state"}
            )[0]
            for k in range(2)
        ]
        sources = Source.objects.bulk_create(
            Source(
                title=f"Report {size}-{k}",
                slug=f"bench-{size}-{k}",
                kind="news_report",
                text=" ".join(quote(n) for n in range(3 * k, 3 * k + 3)),
                published_on=FIRST_DAY + datetime.timedelta(days=k * 900 // size),
                published_precision="day",
                status="published",
            )
            for k in range((size + 2) // 3)
        )
        claims = Claim.objects.bulk_create(
            answer(number, question, sources, actors, measures) for number in range(size)
        )
        ClaimRelation.objects.bulk_create(
            ClaimRelation(claim=claims[k], other=claims[k - 1], kind="revises")
            for k in range(50, size, 50)
        )
    question.refresh_analysis()
    return question


def figure(number: int) -> Decimal:
    if number % 97 == 0:
        return Decimal(5)  # a figure that falls: the question truly conflicts
    return Decimal(10 + number // 3 + (number % 7))


def quote(number: int) -> str:
    return f"{figure(number)} Tote ({number})"


def answer(number: int, question, sources, actors, measures) -> Claim:
    claim = Claim(
        question=question,
        status="published",
        source=sources[number // 3],
        actor=(None, *actors)[number % 3],
        stated_value=str(figure(number)),
        quote=quote(number),
        bound="exact",
        value=figure(number),
        measure=measures[number % 2] if number % 10 == 0 else None,
    )
    if number % 10 == 1:
        claim.bound = "approximate"
    elif number % 25 == 2:
        claim.bound = "at_least"
    claim.fill_bounds()
    return claim


def timed(work, rounds: int = ROUNDS) -> float:
    """The median of `rounds` runs, in ms."""
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def counted(queries: list):
    """A database wrapper that notes each query: the request closes and opens its
    connection, which loses what CaptureQueriesContext would see."""

    def execute(run, sql, params, many, context):
        queries.append(sql)
        return run(sql, params, many, context)

    return execute


def built_anew(client: Client, url: str):
    def get():
        cache.clear()
        kept_pages.kept.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return get


def admin_save(client: Client, change: str) -> float:
    """The admin's save of the claim, unchanged, opened anew (not timed), in ms."""
    data = opened_form(client.get(change))
    started = time.perf_counter()
    response = client.post(change, data)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 302, response.context["adminform"].form.errors
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    setup_test_environment()  # the save reads the form from the response's context
    started = time.perf_counter()
    {number: number for number in range(1_000_000)}  # a fixed piece of work, to compare machines
    calibration = (time.perf_counter() - started) * 1000
    print(
        f"{connection.vendor}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f},"
        f" a million dictionary entries in {calibration:,.0f} ms"
    )
    print(
        "| answers | verdict | read as rows | analysis | page 1 built anew | last page built anew"
        " | queries | admin save of a claim |"
    )
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        started = time.perf_counter()
        question = generated(size)
        print(f"  (generated in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
        answers = question.claims.answers().get(question.pk, [])
        rounds = ROUNDS if size <= 10_000 else 1  # a minute a round
        reading = timed(lambda q=question: q.claims.answers(), rounds)
        with override("en"):
            analysis = analyse("count", answers)
            thinking = timed(lambda a=answers: analyse("count", a).explanation, rounds)
        url = question.get_absolute_url()
        pages = -(-size // ANSWERS_PER_PAGE)
        first = timed(built_anew(client, url), rounds)
        last = timed(built_anew(client, f"{url}?page={pages}"), rounds)
        queries = []
        with connection.execute_wrapper(counted(queries)):
            built_anew(client, f"{url}?page={pages}")()
        claim = question.claims.order_by("pk")[size // 2]
        change = f"/admin/claims/claim/{claim.pk}/change/"
        saving = statistics.median(admin_save(client, change) for _ in range(rounds))
        print(
            f"| {size:,} | {analysis.status} | {reading:,.0f} ms | {thinking:,.0f} ms"
            f" | {first:,.0f} ms | {last:,.0f} ms | {len(queries)} | {saving:,.0f} ms |"
        )


if __name__ == "__main__":
    main()
