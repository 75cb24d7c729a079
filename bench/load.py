"""
Load test: gunicorn (2 workers) under wrk for 60 s at 50 connections, on 127.0.0.1,
over a mix of pages and API calls. Zero errors expected.

The database is DATABASE_URL (or --database-url), else dossier_bench on the local
server: created when missing, migrated, and filled with a generated dossier
(--claims, 100,000) when it holds no claims. The figures go to
bench/results/load-<date>-<time>.md (or --output), and with --record are appended,
dated, to bench/RESULTS.md.

usage: .venv/bin/python bench/load.py [--database-url URL] [--seconds 60]
       [--connections 50] [--claims 100000] [--output FILE] [--record]
"""

import argparse
import re
import sys
import time
from urllib.parse import urlencode

import database
import output
from run import BIN, django_env, machine, prepared, run, serving, sql, wrk_script

PORT = 8767
CLAIMS_IF_EMPTY = 100_000


def paths(database_url: str) -> list[str]:
    questions = sql(database_url, "SELECT slug FROM claims_question ORDER BY id LIMIT 50")
    sources = sql(database_url, "SELECT slug FROM sources_source ORDER BY id LIMIT 20")
    actors = sql(database_url, "SELECT slug FROM sources_actor ORDER BY id LIMIT 20")
    names = sql(database_url, "SELECT name FROM sources_actoralias ORDER BY id LIMIT 10")
    mix = ["/", "/?agreement=conflict", "/?value_min=100&value_max=5000", "/sources/"]
    mix += [f"/questions/{slug}/" for slug in questions]
    mix += [f"/sources/{slug}/" for slug in sources[:5]]
    mix += [f"/actors/{slug}/" for slug in actors[:5]]
    mix += ["/search/?" + urlencode({"q": name}) for name in names[:5]]
    mix += ["/api/questions/", "/api/claims/", "/api/sources/", "/api/actors/", "/api/events/"]
    mix += [f"/api/questions/{slug}/" for slug in questions[:10]]
    mix += ["/api/claims/?" + urlencode({"question": slug}) for slug in questions[:10]]
    return mix


def wrk(paths: list[str], seconds: int, connections: int) -> dict:
    script = wrk_script(paths)
    output = run(
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
        "-s", str(script), f"http://127.0.0.1:{PORT}",
    )  # fmt: skip
    script.unlink()
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "requests_per_s": round(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))),
        "latency": latency,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument(
        "--database-url", default="", help=f"default: DATABASE_URL, else {database.DEFAULT_URL}"
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--claims",
        type=int,
        default=CLAIMS_IF_EMPTY,
        help=f"how many claims to generate when the database holds none ({CLAIMS_IF_EMPTY:,})",
    )
    output.add_arguments(parser, "load")
    args = parser.parse_args()
    try:
        url = database.database_url(args.database_url)
    except database.Unusable as problem:
        sys.exit(str(problem))
    env = django_env(url)
    claims = prepared(url, env, args.claims)
    mix = paths(url)
    gunicorn = [str(BIN / "gunicorn"), "dossier.wsgi:application", "--workers", "2",
                "--bind", f"127.0.0.1:{PORT}"]  # fmt: skip
    with serving(*gunicorn, env=env, port=PORT):
        result = wrk(mix, args.seconds, args.connections)
    errors = result["non_2xx"] + (0 if result["socket_errors"] == "none" else 1)
    lines = [
        f"## Load test, {time.strftime('%Y-%m-%d')}",
        "",
        f"- Machine: {machine()}",
        f"- Command: `python bench/load.py --seconds {args.seconds} "
        f"--connections {args.connections}`",
        f"- Data: {claims:,} claims; gunicorn with 2 workers; wrk with 2 threads and "
        f"{args.connections} connections for {args.seconds} s, cycling through {len(mix)} "
        "pages and API calls (index with and without filters, comparison, source, actor "
        "and search pages, API lists and details).",
        "",
        "| requests | requests/s | p50 | p90 | p99 | non-2xx | socket errors |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| {result['requests']:,} | {result['requests_per_s']} | "
        f"{result['latency'].get('50', '?')} | {result['latency'].get('90', '?')} | "
        f"{result['latency'].get('99', '?')} | {result['non_2xx']} | {result['socket_errors']} |",
        "",
    ]
    print("\n".join(lines))
    output.save("\n".join(lines), "load", args.output, args.record)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
