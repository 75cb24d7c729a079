"""
Time a full export of every claim, CSV and JSON, and the memory it takes.

Two ways, both against the database DATABASE_URL (or --database-url) names:
- in-process (the default): Django's test client, no HTTP; the peak RSS is this
  process's, measured in a fresh child process per format;
- --server: gunicorn with one worker on 127.0.0.1, read over HTTP; the peak RSS is
  the worker's (VmHWM), before and after the export.
With --claims N --generate it first empties the database and generates N claims
(`generate_dossier`); without --generate it exports what the database holds.

usage: .venv/bin/python bench/export.py [--claims 100000 --generate] [--server]
       [--database-url postgres://dossier@127.0.0.1:5432/dossier_bench] [--formats csv json]
"""

import argparse
import http.client
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import database  # noqa: E402
from bench.run import BIN, PYTHON, django_env, manage, sql  # noqa: E402

PORT = 8767
# A benchmark exports again and again: no per-visitor limit gets in the way.
UNLIMITED = {"EXPORT_RATE_LIMIT": "1000000", "EXPORT_CONCURRENCY": "4"}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_in_process(fmt: str) -> dict:
    """Runs in a child process: one warm-up export of one question, then the full one."""
    import django

    django.setup()
    from django.test import Client

    from claims.models import Question

    client = Client()
    question = Question.objects.order_by("pk").first()
    b"".join(client.get(f"/questions/{question.slug}/claims.{fmt}").streaming_content)
    before = rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get(f"/export/claims.{fmt}")
    size = sum(len(piece) for piece in response.streaming_content)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_started,
        "bytes": size,
        "rss_before_mb": before,
        "rss_peak_mb": rss_mb(),
    }


def worker_peak_mb(master: int) -> float:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for line in Path(f"/proc/{children[0]}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def get(path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    connection.request("GET", path)
    response = connection.getresponse()
    size = 0
    while piece := response.read(1 << 16):
        size += len(piece)
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}")
    return size


def export_over_http(env: dict, formats: list[str], question: str) -> dict:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "dossier.wsgi:application", "--workers", "1"]
        + ["--bind", f"127.0.0.1:{PORT}", "--timeout", "600"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                get(f"/questions/{question}/claims.csv")
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        for fmt in formats:
            before = worker_peak_mb(server.pid)
            started = time.perf_counter()
            size = get(f"/export/claims.{fmt}")
            seconds = time.perf_counter() - started
            results[fmt] = {
                "seconds": seconds,
                "bytes": size,
                "rss_before_mb": before,
                "rss_peak_mb": worker_peak_mb(server.pid),
            }
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(export_in_process(sys.argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--claims", type=int, help="how many claims to generate")
    parser.add_argument("--generate", action="store_true", help="empty the database first")
    parser.add_argument("--server", action="store_true", help="over HTTP from gunicorn")
    parser.add_argument("--formats", nargs="+", default=["csv", "json"], choices=["csv", "json"])
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("Give a PostgreSQL database: --database-url or DATABASE_URL.")
    env = django_env(args.database_url) | UNLIMITED
    if args.generate:
        if not args.claims:
            sys.exit("--generate needs --claims N")
        database.recreate(args.database_url)
        manage(env, "migrate", "--verbosity", "0")
        print(manage(env, "generate_dossier", "--claims", str(args.claims)).strip())
    claims = int(sql(args.database_url, "SELECT count(*) FROM claims_claim")[0])
    if not claims:
        sys.exit("The database holds no claims: add --claims N --generate.")
    if args.server:
        question = sql(args.database_url, "SELECT slug FROM claims_question LIMIT 1")[0]
        results = export_over_http(env, args.formats, question)
        how = "over HTTP, gunicorn with 1 worker (peak RSS of the worker)"
    else:
        results = {
            fmt: json.loads(
                subprocess.run(
                    [PYTHON, __file__, "--child", fmt],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for fmt in args.formats
        }
        how = "in-process, Django's test client (peak RSS of the process)"
    print(f"Full export of {claims:,} claims, {how}:")
    for fmt, result in results.items():
        # On a busy machine the wall-clock rate says more about the neighbours: the
        # rate per second of Django's own CPU time is printed beside it.
        cpu = result.get("cpu_seconds")
        per_cpu = f"  ({claims / cpu:,.0f} claims per CPU second of Django)" if cpu else ""
        print(
            f"  {fmt:4} {result['seconds']:6.2f} s  {claims / result['seconds']:>9,.0f} claims/s  "
            f"{result['bytes'] / 1e6:7.1f} MB sent  peak RSS {result['rss_peak_mb']:.0f} MB "
            f"(before the export {result['rss_before_mb']:.0f} MB){per_cpu}"
        )


if __name__ == "__main__":
    main()
