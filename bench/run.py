"""
Benchmark Dossier at several sizes in one run against one PostgreSQL database.

For each size it generates a synthetic dossier, then measures, side by side:
- median and p95 server time and SQL queries of the index (plain and filtered),
  the comparison page, a source page, the search page and the API list, and of a
  minimal Django view that renders a template (Django's own floor);
- search over HTTP against Datasette's full-text search over the same claims,
  exported to SQLite, with the same queries;
- throughput of the comparison page under wrk, served by gunicorn with 2 workers.

The database is DATABASE_URL (or --database-url), else dossier_bench on the local
server; it is created when missing. The first size is generated into it only when it
holds no claims (--replace drops what it holds); each further size drops and
re-creates it. The figures go to bench/results/run-<date>-<time>.md (or --output), and
with --record are appended, dated, to bench/RESULTS.md.

usage: .venv/bin/python bench/run.py [--sizes 10000 100000 1000000]
       [--database-url URL] [--cache-url redis://127.0.0.1:6379/14] [--reuse | --replace]
       [--output FILE] [--record]

With --reuse (one size only) it measures the dossier the database already holds,
generated earlier by this script or `generate_dossier`, instead of generating it again.
"""

import argparse
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

import database
import output

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HTTP_ROUNDS = 40
WRK_SECONDS = 15


def run(*args, env=None, capture=True) -> str:
    try:
        result = subprocess.run(args, cwd=ROOT, env=env, text=True, capture_output=capture)
    except FileNotFoundError:
        name = Path(str(args[0])).name
        sys.exit(f"{name} is not installed, and the benchmarks need it (make wrk installs wrk).")
    if result.returncode:
        sys.exit(f"{' '.join(map(str, args))[:200]} failed:\n{result.stderr}")
    return result.stdout if capture else ""


def django_env(database_url: str, cache_url: str = "") -> dict:
    return os.environ | {
        # Redis when given (as several app servers share it), else a cache per process.
        "CACHE_URL": cache_url,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        # Persistent connections, as production should run: see docs/operators/production.md.
        "CONN_MAX_AGE": "60",
    }


def manage(env, *args) -> str:
    return run(PYTHON, "manage.py", *args, env=env)


def sql(database_url: str, query: str) -> list[str]:
    return [line for line in run("psql", database_url, "-tAc", query).splitlines() if line]


def samples(database_url: str) -> dict:
    """Real slugs and names from the generated data, picked at random but repeatably."""
    rnd = random.Random(7)

    def pick(query, k=10):
        rows = sql(database_url, query)
        return rnd.sample(rows, min(k, len(rows)))

    questions = pick("SELECT slug FROM claims_question WHERE slug LIKE 'synthetic-%' LIMIT 2000")
    sources = pick("SELECT slug FROM sources_source WHERE slug LIKE 'synthetic-%' LIMIT 2000")
    events = pick("SELECT slug FROM claims_event LIMIT 200", 5)
    actors = pick("SELECT slug FROM sources_actor WHERE kind = 'person' LIMIT 500", 5)
    # Search terms: a person's surname and a place, as the sources spell them.
    surnames = [
        n.split()[-1] for n in pick("SELECT name FROM sources_actor WHERE kind = 'person'", 3)
    ]
    places = pick(
        "SELECT a.name FROM sources_actoralias a JOIN sources_actor p ON p.id = a.actor_id "
        "WHERE p.kind = 'place'",
        3,
    )
    return {
        "questions": questions,
        "sources": sources,
        "events": events,
        "actors": actors,
        "terms": surnames + places,
    }


def page_urls(sample: dict) -> dict:
    return {
        "floor (minimal view)": ["/bench/floor/"],
        "index": ["/"],
        "index, filtered by event and agreement": [
            "/?" + urlencode({"event": event, "agreement": "over_time"})
            for event in sample["events"]
        ],
        "index, filtered by cited actor": [
            "/?" + urlencode({"actor": actor}) for actor in sample["actors"]
        ],
        "comparison page": [f"/questions/{slug}/" for slug in sample["questions"]],
        "source page": [f"/sources/{slug}/" for slug in sample["sources"]],
        "search page": ["/search/?" + urlencode({"q": term}) for term in sample["terms"]],
        "API claims list": ["/api/claims/"],
        "API questions list": ["/api/questions/"],
    }


@contextmanager
def serving(*args, env=None, port: int):
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/")
                connection.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def http_times(port: int, paths: list[str], timed: list[str] | None = None) -> dict:
    """Each path once to warm up, then HTTP_ROUNDS requests timed: of `timed` if given."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for path in paths:
        connection.request("GET", path)
        connection.getresponse().read()
    timings = []
    timed = timed or paths
    for i in range(HTTP_ROUNDS):
        path = timed[i % len(timed)]
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status == 200, (path, response.status)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
    }


def export_for_datasette(env, directory: Path) -> Path:
    """The same claims, exported as CSV and loaded into SQLite with an FTS5 index."""
    csv_path = directory / "claims.csv"
    with csv_path.open("w") as out:
        subprocess.run(
            [PYTHON, "manage.py", "export_claims"], cwd=ROOT, env=env, stdout=out, check=True
        )
    db = directory / "claims.db"
    sqlite_utils = str(BIN / "sqlite-utils")
    run(sqlite_utils, "insert", str(db), "claims", str(csv_path), "--csv")
    run(
        sqlite_utils,
        "enable-fts",
        str(db),
        "claims",
        "stated_value",
        "quote",
        "question",
        "source",
        "actor",
        "--fts5",
    )
    return db


def wrk_script(paths: list[str]) -> Path:
    """A wrk Lua script that requests the paths in turn."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
        "i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n"
    )
    return script


def wrk(port: int, paths: list[str]) -> dict:
    script = wrk_script(paths)
    output = run(
        "wrk", "-t2", "-c16", f"-d{WRK_SECONDS}s", "-s", str(script), f"http://127.0.0.1:{port}"
    )
    script.unlink()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_s": round(rate),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",
    }


def generate(env: dict, size: int, database_url: str, fresh: bool) -> dict:
    """Generate the dossier into the database: emptied first when `fresh`, else it
    must hold no claims (checked before the first size)."""
    if fresh:
        print(f"== {size:,} claims: dropping and re-creating {database_url}", flush=True)
        database.recreate(database_url)
    else:
        print(f"== {size:,} claims: generating into {database_url}", flush=True)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    started = time.perf_counter()
    generated = manage(env, "generate_dossier", "--claims", str(size))
    load_seconds = time.perf_counter() - started
    run("psql", database_url, "-qc", "VACUUM ANALYZE")
    print("   " + generated.strip(), flush=True)
    rate, copy_rate = re.findall(r"\(([\d,]+) claims/s\)", generated)
    return {"load_seconds": round(load_seconds, 1), "load_rate": rate, "copy_rate": copy_rate}


def prepared(database_url: str, env: dict, claims_if_empty: int) -> int:
    """The database ready to serve: created when missing, migrated, and filled with a
    generated dossier of `claims_if_empty` claims when it holds none. Its claims."""
    try:
        if database.ensure(database_url):
            print(f"Created the database {database_url}", flush=True)
        manage(env, "migrate", "--verbosity", "0")
        claims = database.claim_count(database_url)
    except database.Unusable as problem:
        sys.exit(str(problem))
    if not claims:
        print(f"{database_url} holds no claims: generating {claims_if_empty:,}", flush=True)
        print("   " + manage(env, "generate_dossier", "--claims", str(claims_if_empty)).strip())
        run("psql", database_url, "-qc", "VACUUM ANALYZE")
        claims = database.claim_count(database_url)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return claims


def reused(env: dict, size: int, database_url: str) -> dict:
    """The dossier already there: it must be the size asked for, or the figures mislead."""
    claims = database.claim_count(database_url)
    if claims != size:
        sys.exit(f"--reuse: the database holds {claims:,} claims, not {size:,}.")
    print(f"== {size:,} claims: reusing {database_url}", flush=True)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return {}


def bench_size(
    size: int, database_url: str, cache_url: str = "", reuse: bool = False, fresh: bool = False
) -> dict:
    env = django_env(database_url, cache_url)
    if cache_url:
        run("redis-cli", "-u", cache_url, "FLUSHDB")
    if reuse:
        loaded = reused(env, size, database_url)
    else:
        loaded = generate(env, size, database_url, fresh)

    sample = samples(database_url)
    pages = json.loads(run(PYTHON, "-m", "bench.measure", json.dumps(page_urls(sample)), env=env))
    print(f"   in-process: {json.dumps(pages)}", flush=True)

    directory = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    try:
        db = export_for_datasette(env, directory)
        search_paths = ["/search/?" + urlencode({"q": t}) for t in sample["terms"]]
        # Each timed request with an address of its own: the search is timed, not a kept page.
        searches = [
            "/search/?" + urlencode({"q": sample["terms"][i % len(sample["terms"])], "round": i})
            for i in range(HTTP_ROUNDS)
        ]
        datasette_paths = [f"/claims/claims?_search={quote(t)}" for t in sample["terms"]]
        with serving(
            str(BIN / "gunicorn"),
            "dossier.wsgi:application",
            "--workers",
            "2",
            "--bind",
            "127.0.0.1:8766",
            env=env,
            port=8766,
        ):
            ours = http_times(8766, search_paths, searches)
            throughput = wrk(8766, [f"/questions/{slug}/" for slug in sample["questions"]])
        with serving(
            str(BIN / "datasette"),
            "serve",
            str(db),
            "--port",
            "8765",
            "--setting",
            "sql_time_limit_ms",
            "60000",
            port=8765,
        ):
            theirs = http_times(8765, datasette_paths)
    finally:
        shutil.rmtree(directory)
    print(f"   search over HTTP: ours {ours}, Datasette {theirs}; wrk {throughput}", flush=True)
    return loaded | {
        "size": size,
        "pages": pages,
        "search_http": {"dossier": ours, "datasette": theirs, "terms": sample["terms"]},
        "throughput": throughput,
    }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    postgres = run("psql", "--version").strip()
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB memory, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, {postgres}"
    )


def report(results: list[dict], command: str, cache_url: str = "") -> str:
    lines = [
        f"## Benchmark, {time.strftime('%Y-%m-%d')}",
        "",
        f"- Machine: {machine()}",
        f"- Command: `{command}`",
        "- Server time is measured in-process (Django's test client, no network), "
        "median and p95 of 30 requests of pages seen before; queries are counted on one "
        'request; "built anew" is the median of 10 requests each made after the cache was '
        "emptied, as after a change to the data.",
        f"- Search is compared over HTTP on 127.0.0.1 ({HTTP_ROUNDS} requests each, each of "
        "Dossier's with an address of its own, so that no kept page answers): Dossier under "
        "gunicorn (2 workers) against Datasette serving the same claims, exported with "
        "`export_claims` into SQLite with an FTS5 index, with the same query terms.",
        f"- Throughput: `wrk -t2 -c16 -d{WRK_SECONDS}s` over comparison pages, "
        "gunicorn with 2 workers.",
        "- Cache: " + ("Redis on 127.0.0.1" if cache_url else "each process's own memory") + ".",
        "",
    ]
    for result in results:
        pages = result["pages"]
        floor = pages["floor (minimal view)"]["median_ms"]
        loading = (
            f"Generated and loaded in {result['load_seconds']} s ({result['load_rate']} claims/s "
            f"overall, `generate_dossier`); the claims themselves went in by COPY at "
            f"{result['copy_rate']} claims/s."
            if "load_seconds" in result
            else "Measured on a dossier generated earlier (`--reuse`)."
        )
        lines += [
            f"### {result['size']:,} claims",
            "",
            loading,
            "",
            "| page | median ms | p95 ms | queries | median ÷ floor | built anew, median ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, figures in pages.items():
            ratio = figures["median_ms"] / floor if floor else 0
            lines.append(
                f"| {name} | {figures['median_ms']} | {figures['p95_ms']} | "
                f"{figures['queries']} | {ratio:.2f} | {figures['built_median_ms']} |"
            )
        ours, theirs = result["search_http"]["dossier"], result["search_http"]["datasette"]
        lines += [
            "",
            f"Search over HTTP (terms: {', '.join(result['search_http']['terms'])}):",
            "",
            "| | median ms | p95 ms |",
            "| --- | ---: | ---: |",
            f"| Dossier `/search/` | {ours['median_ms']} | {ours['p95_ms']} |",
            f"| Datasette FTS5 | {theirs['median_ms']} | {theirs['p95_ms']} |",
            f"| ratio Dossier ÷ Datasette | {ours['median_ms'] / theirs['median_ms']:.2f} | "
            f"{ours['p95_ms'] / theirs['p95_ms']:.2f} |",
            "",
            f"Throughput of the comparison page: {result['throughput']['requests_per_s']} "
            f"requests/s (non-2xx: {result['throughput']['non_2xx']}, socket errors: "
            f"{result['throughput']['socket_errors']}).",
            "",
        ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--database-url", default="", help=f"default: DATABASE_URL, else {database.DEFAULT_URL}"
    )
    parser.add_argument(
        "--cache-url", default="", help="a Redis URL (redis://127.0.0.1:6379/14) to cache in"
    )
    given = parser.add_mutually_exclusive_group()
    given.add_argument(
        "--reuse",
        action="store_true",
        help="measure the dossier the database holds (one size) instead of generating it",
    )
    given.add_argument(
        "--replace",
        action="store_true",
        help="drop the database's claims (the whole database) before generating",
    )
    output.add_arguments(parser, "run")
    args = parser.parse_args()
    if args.reuse and len(args.sizes) != 1:
        parser.error("--reuse measures one size: the one the database holds")
    try:
        url = database.database_url(args.database_url)
        if database.ensure(url):
            print(f"Created the database {url}")
        held = database.claim_count(url)
    except database.Unusable as problem:
        sys.exit(str(problem))
    if args.reuse and not held:
        sys.exit(f"--reuse: {url} holds no claims; run without --reuse to generate them.")
    if held and not (args.reuse or args.replace):
        sys.exit(
            f"{url} already holds {held:,} claims: give an empty database (DATABASE_URL), "
            "--reuse to measure them, or --replace to drop them."
        )
    command = "python bench/run.py --sizes " + " ".join(str(s) for s in args.sizes)
    if args.cache_url:
        command += f" --cache-url {args.cache_url}"
    if args.reuse:
        command += " --reuse"
    results = [
        # Each size after the first replaces the dossier this run generated.
        bench_size(size, url, args.cache_url, args.reuse, fresh=args.replace or i > 0)
        for i, size in enumerate(args.sizes)
    ]
    output.save(report(results, command, args.cache_url), "run", args.output, args.record)


if __name__ == "__main__":
    main()
