"""
Each public page built anew: the cache emptied before every request, as right after a
change to the data. Prints a table of median and p95 milliseconds over N requests and
the SQL queries of one, for the index (plain and filtered), search, actor, source,
comparison, claim and event pages, the sources list and the API's lists.

In-process (Django's test client, no network) with the benchmark settings
(bench/settings.py: DEBUG off, each process's own memory as its cache), against
DATABASE_URL (or --database-url), else dossier_bench on the local server. The database
must hold a dossier; fill one with `generate_dossier --claims N`. The table goes to
bench/results/builds-<date>-<time>.md (or --output), and with --record is appended,
dated, to bench/RESULTS.md.

usage: .venv/bin/python bench/builds.py [--database-url URL] [--rounds 20]
       [--output FILE] [--record]
"""

import argparse
import os
import statistics
import sys
import time
from urllib.parse import urlencode

import database
import output
from run import ROOT, django_env, machine, manage, samples, sql

TARGET_MS = 100


def worst(database_url: str, query: str) -> str:
    """The slug of the object with the most of something: the page's worst case."""
    return sql(database_url, query)[0]


def page_urls(database_url: str) -> dict[str, list[str]]:
    sample = samples(database_url)
    most_cited = worst(
        database_url,
        "SELECT a.slug FROM sources_actor a JOIN claims_claim c ON c.actor_id = a.id "
        "GROUP BY a.slug ORDER BY count(*) DESC LIMIT 1",
    )
    biggest_source = worst(
        database_url,
        "SELECT s.slug FROM sources_source s JOIN claims_claim c ON c.source_id = s.id "
        "GROUP BY s.slug ORDER BY count(*) DESC LIMIT 1",
    )
    biggest_event = worst(
        database_url,
        "SELECT e.slug FROM claims_event e JOIN claims_question q ON q.event_id = e.id "
        "GROUP BY e.slug ORDER BY count(*) DESC LIMIT 1",
    )
    claims = sql(database_url, "SELECT id FROM claims_claim ORDER BY id LIMIT 1000")[::100]
    return {
        "index": ["/"],
        "index, filtered by figure (100–5,000)": ["/?value_min=100&value_max=5000"],
        "index, filtered by event and agreement": [
            "/?" + urlencode({"event": event, "agreement": "over_time"})
            for event in sample["events"]
        ],
        "index, filtered by cited actor": [
            "/?" + urlencode({"actor": actor}) for actor in sample["actors"]
        ],
        "search page": ["/search/?" + urlencode({"q": term}) for term in sample["terms"]],
        "actor page": [f"/actors/{slug}/" for slug in sample["actors"]],
        f"actor page, the most cited ({most_cited})": [f"/actors/{most_cited}/"],
        "source page": [f"/sources/{slug}/" for slug in sample["sources"]],
        "source page, the most claims": [f"/sources/{biggest_source}/"],
        "sources list": ["/sources/"],
        "comparison page": [f"/questions/{slug}/" for slug in sample["questions"]],
        "claim page": [f"/claims/{pk}/" for pk in claims],
        "event page": [f"/events/{slug}/" for slug in sample["events"]],
        "event page, the most questions": [f"/events/{biggest_event}/"],
        "API claims list": ["/api/claims/"],
        "API questions list": ["/api/questions/"],
        "API sources list": ["/api/sources/"],
        "API actors list": ["/api/actors/"],
        "API events list": ["/api/events/"],
    }


def built_anew(urls: list[str], rounds: int) -> dict:
    """Each request after the cache was emptied: its wall-clock time, this process's
    CPU time (Django's own work, which neighbours on a shared machine slow less) and
    the time of its SQL queries as the database driver saw it."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from pages.kept import kept

    client = Client()
    client.get(urls[0])  # connections and templates ready: the pages are timed, not start-up
    timings, cpu, sql_ms, queries = [], [], [], 0
    for i in range(rounds):
        url = urls[i % len(urls)]
        cache.clear()
        kept.clear()  # this process's copies of the pages it served last
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - started_cpu) * 1000)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        sql_ms.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        queries = max(queries, len(captured.captured_queries))
    timings.sort()
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": timings[max(round(len(timings) * 0.95) - 1, 0)],
        "cpu_ms": statistics.median(cpu),
        "sql_ms": statistics.median(sql_ms),
        "queries": queries,
    }


def table(results: dict[str, dict], claims: int, rounds: int, command: str) -> str:
    lines = [
        f"## Pages built anew, {time.strftime('%Y-%m-%d')}",
        "",
        f"- Machine: {machine()}",
        f"- Command: `{command}`",
        f"- Data: {claims:,} claims (`generate_dossier`). In-process, Django's test client, "
        f"benchmark settings (DEBUG off); the cache emptied before each of {rounds} requests "
        "per row, which cycle through the row's sample pages. Wall-clock median and p95; "
        "the median of the process's CPU time (Django's own work) and of the SQL queries' "
        "time as the driver saw them; the most queries of any request. "
        f"Target: every page ≤ {TARGET_MS} ms built anew.",
        "",
        "| page | median ms | p95 ms | CPU ms | SQL ms | queries | ≤ 100 ms (median) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, figures in results.items():
        met = "met" if figures["median_ms"] <= TARGET_MS else "missed"
        lines.append(
            f"| {name} | {figures['median_ms']:.1f} | {figures['p95_ms']:.1f} | "
            f"{figures['cpu_ms']:.1f} | {figures['sql_ms']:.1f} | {figures['queries']} | {met} |"
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument(
        "--database-url", default="", help=f"default: DATABASE_URL, else {database.DEFAULT_URL}"
    )
    parser.add_argument("--rounds", type=int, default=20, help="requests per page (20)")
    parser.add_argument(
        "--only", help="measure only the pages whose name contains one of these (comma-separated)"
    )
    output.add_arguments(parser, "builds")
    args = parser.parse_args()
    try:
        url = database.database_url(args.database_url)
        if not database.exists(url):
            sys.exit(f"{url} does not exist: create it and fill it with generate_dossier.")
        claims = database.claim_count(url)
    except database.Unusable as problem:
        sys.exit(str(problem))
    if not claims:
        sys.exit(
            f"{url} holds no claims: fill it first, e.g. DATABASE_URL={url} "
            "python manage.py migrate && python manage.py generate_dossier --claims 1000000"
        )
    env = django_env(url)
    # The pages link their static files by the names collectstatic gives them.
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    pages = page_urls(url)
    if args.only:
        wanted = args.only.split(",")
        pages = {name: urls for name, urls in pages.items() if any(w in name for w in wanted)}
    results = {}
    for name, urls in pages.items():
        results[name] = built_anew(urls, args.rounds)
        figures = results[name]
        print(
            f"{name:48} {figures['median_ms']:8.1f} {figures['p95_ms']:8.1f} "
            f"{figures['cpu_ms']:8.1f} {figures['sql_ms']:8.1f} {figures['queries']:4}",
            flush=True,
        )
    command = f"python bench/builds.py --rounds {args.rounds}"
    output.save(table(results, claims, args.rounds, command), "builds", args.output, args.record)


if __name__ == "__main__":
    main()
