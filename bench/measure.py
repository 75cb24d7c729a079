"""
Time Dossier's pages in-process: median and p95 server time and SQL queries.

Run by bench/run.py with DJANGO_SETTINGS_MODULE=bench.settings and DATABASE_URL set;
prints one JSON object: {page name: {"median_ms", "p95_ms", "queries", "status"}}.
"""

import json
import statistics
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROUNDS = 30


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
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "queries": len(queries),
        "status": status,
    }


def main():
    pages = json.loads(sys.argv[1])
    client = Client()
    print(json.dumps({name: measure(client, urls) for name, urls in pages.items()}))


if __name__ == "__main__":
    main()
