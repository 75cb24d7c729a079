"""
Time Dossier's pages in-process: median and p95 server time and SQL queries.

Run by bench/run.py with DJANGO_SETTINGS_MODULE=bench.settings and DATABASE_URL set;
prints one JSON object: {page name: {"median_ms", "p95_ms", "queries", "status",
"built_median_ms"}}. The median and p95 time what readers meet most: the page seen
before (kept by the caches); `built_median_ms` times the page built anew, each request
after the cache was emptied, as after a change to the data.
"""

import json
import statistics
import sys
import time

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from pages.kept import kept  # noqa: E402

ROUNDS = 30
BUILT_ROUNDS = 10


def measure(client: Client, urls: list[str]) -> dict:
    for url in urls:
        client.get(url)  # warm caches and connections: the rounds time what readers meet most
    timings, status = [], 200
    for i in range(ROUNDS):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        status = max(status, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(urls[0])
    built = []
    for i in range(BUILT_ROUNDS):
        cache.clear()
        kept.clear()  # this process's copies of the pages it served last
        started = time.perf_counter()
        client.get(urls[i % len(urls)])
        built.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "queries": len(queries),
        "status": status,
        "built_median_ms": round(statistics.median(built), 2),
    }


def main():
    pages = json.loads(sys.argv[1])
    client = Client()
    print(json.dumps({name: measure(client, urls) for name, urls in pages.items()}))


if __name__ == "__main__":
    main()
