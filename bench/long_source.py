"""
A long report: 2 MB of text dense with figures, saved, read in the reading view and
shown on the public source page, a page of the text at a time.

usage: DATABASE_URL=… .venv/bin/python bench/long_source.py [--megabytes 2] [--record]

Migrates the database, then writes the source, one claim on its last page and a user
inside a transaction that is rolled back at the end: the database is left as it was.
Each time is the median of 3 requests through Django's test client, the kept page of
the source built anew each time (the cache and the process's kept pages emptied).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = (
    "Am 5. Januar 2022 meldeten die Behörden {n} Festnahmen in Almaty; rund 12 Prozent mehr "
    "als am Vortag, und mindestens 225 Menschen starben, mehr als 2.000 wurden verletzt."
)


class Rollback(Exception):
    pass


def long_text(size: int) -> str:
    paragraphs, length = [], 0
    while length < size:
        paragraphs.append(PARAGRAPH.format(n=1000 + len(paragraphs)))
        length += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)


def timed(call, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--megabytes", type=float, default=2)
    from bench.output import add_arguments, save

    add_arguments(parser, "long-source")
    args = parser.parse_args()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from claims.models import Claim, Event, Question
    from pages.kept import kept
    from sources.models import Actor, Source
    from sources.text import text_pages

    call_command("migrate", verbosity=0)
    text = long_text(int(args.megabytes * 1_000_000))
    rows = []
    try:
        with transaction.atomic():
            source = Source(
                title="Jahresbericht",
                slug="bench-long-source",
                kind=Source.Kind.ANALYSIS,
                language="de",
                published_on=datetime.date(2022, 12, 1),
                published_precision="day",
                text=text,
            )
            started = time.perf_counter()
            source.full_clean()
            source.save()
            rows.append(("save (full_clean and INSERT)", time.perf_counter() - started, None))
            event = Event.objects.create(
                name="Bench",
                slug="bench-event",
                starts_on=datetime.date(2022, 1, 1),
                starts_precision="day",
            )
            question = Question.objects.create(
                event=event, slug="bench-deaths", text_en="How many died?", value_type="count"
            )
            actor = Actor.objects.create(kind=Actor.Kind.MEDIA_OUTLET, name="Bench", slug="bench")
            quote = text.rsplit("\n\n", 1)[1]
            Claim.objects.create(
                question=question,
                source=source,
                actor=actor,
                quote=quote,
                stated_value="mindestens 225",
                bound="at_least",
                value=225,
                value_min=225,
            )
            user = get_user_model().objects.create_superuser("bench-long-source", password="x")
            client = Client()
            client.force_login(user)
            pages = len(text_pages(text))
            read = reverse("admin:sources_source_read", args=[source.pk])
            public = source.get_absolute_url()

            def page_of(url):
                def get():
                    cache.clear()
                    kept.clear()  # this process's own copies of kept pages too
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    return response

                return get

            for label, url in [
                ("reading view, page 1", read),
                (f"reading view, page {pages} (the last)", f"{read}?page={pages}"),
                ("source page, page 1", public),
                (f"source page, page {pages} (the last)", f"{public}?page={pages}"),
            ]:
                seconds, response = timed(page_of(url))
                rows.append((label, seconds, len(response.content)))
            raise Rollback
    except Rollback:
        pass
    vendor = connection.vendor
    lines = [
        f"## A long source: {args.megabytes:g} MB dense with figures "
        f"({datetime.date.today():%Y-%m-%d}, {vendor})",
        "",
        "    DATABASE_URL=… python bench/long_source.py"
        + (f" --megabytes {args.megabytes:g}" if args.megabytes != 2 else ""),
        "",
        f"A text of {len(text):,} characters in {pages} pages of at most 20,000, each "
        "paragraph with four figures and a date; one claim quotes its last paragraph.",
        "",
        "| what | time (median of 3) | HTML |",
        "| --- | ---: | ---: |",
    ]
    for label, seconds, size in rows:
        lines.append(
            f"| {label} | {seconds * 1000:,.0f} ms | {f'{size:,} bytes' if size else ''} |"
        )
    save("\n".join(lines), "long-source", args.output, args.record)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
