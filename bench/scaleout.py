"""
Scale-out: one app server against two, under the same mixed load.

- one server: gunicorn (2 workers) on one port, as `make serve` runs it: a cache in
  each process, every read from the primary;
- two servers: two gunicorn processes (2 workers each) on two ports, as two hosts
  would run them, sharing one Redis cache (CACHE_URL) and reading from a streaming
  replica (DATABASE_REPLICA_URLS; scripts/replica.sh starts it).
wrk spreads the mix (bench/load.py's pages and API calls) over the servers: each of
its threads sends to one server in turn, and it reports them together. Each run starts
once every page of the mix has been served; a third run of the two servers starts
right after a change to the data, when every page kept under the data's version is
rendered anew.

The database is DATABASE_URL (or --database-url), else dossier_bench on the local
server: created when missing, migrated, and filled with a generated dossier (--claims,
100,000) when it holds no claims. Its server must be the local one on port 5432, which
scripts/replica.sh clones. The cache is CACHE_URL (or --cache-url), else Redis's
database 14 on 127.0.0.1; it is emptied first. The figures go to
bench/results/scaleout-<date>-<time>.md (or --output), and with --record are appended,
dated, to bench/RESULTS.md.

usage: .venv/bin/python bench/scaleout.py [--database-url URL] [--cache-url URL]
       [--replica-port 5433] [--seconds 60] [--connections 50] [--claims 100000]
       [--edits [--rounds N]] [--output FILE] [--record]
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

import database
import output
from load import CLAIMS_IF_EMPTY, paths
from run import BIN, ROOT, django_env, machine, manage, prepared, run, serving, sql

PORTS = (8771, 8772)
TARGET_RATE, TARGET_P99_MS = 180, 1000
# With an editor's save every second: readers keep this share of their throughput.
TARGET_EDITED_SHARE, TARGET_EDITED_P99_MS = 0.9, 250
# A change that touches no question: it renews the index's version only.
RENEW_DATA_VERSION = "from pages.changes import changed; changed()"
# An editor saving a claim every second, as the admin does: the claim, then changed().
EDITOR = """
import itertools, time
from claims.models import Claim
from pages.changes import changed_objects
from django.db import transaction
ids = list(Claim.objects.order_by("?").values_list("pk", flat=True)[:500])
print("ready", flush=True)  # the claims chosen (a scan of them all): the run may start
for number in itertools.count():
    started = time.monotonic()
    with transaction.atomic():
        claim = Claim.objects.select_related("question", "source").get(pk=ids[number % len(ids)])
        claim.notes = f"Checked again ({number})."
        claim.save()
        changed_objects(claim)
    time.sleep(max(0, 1 - (time.monotonic() - started)))
"""


def wrk_script(mix: list[str], ports: list[int]) -> Path:
    """wrk's threads each send to one server, taking the servers in turn."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        f"local ports = {{{','.join(json.dumps(str(p)) for p in ports)}}}\n"
        "local next_port = 0\n"
        "function setup(thread)\n"
        "  next_port = next_port % #ports + 1\n"
        "  thread.addr = wrk.lookup('127.0.0.1', ports[next_port])[1]\n"
        "end\n"
        "paths = {" + ",".join(json.dumps(p) for p in mix) + "}\n"
        "i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n"
    )
    return script


def milliseconds(figure: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", figure).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(mix: list[str], ports: list[int], seconds: int, connections: int) -> dict:
    script = wrk_script(mix, ports)
    threads = 2 * len(ports)
    output = run(
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
        "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{ports[0]}",
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


def replica_url(database_url: str, port: int) -> str:
    url = urlparse(database_url)
    return url._replace(netloc=f"{url.username or 'postgres'}@{url.hostname}:{port}").geturl()


def caught_up(database_url: str, replica: str, seconds: int = 120):
    """Wait until the replica has replayed everything the primary had written."""
    target = sql(database_url, "SELECT pg_current_wal_lsn()")[0]
    for _ in range(seconds * 10):
        if sql(replica, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0] == "t":
            return
        time.sleep(0.1)
    sys.exit(f"the replica has not caught up with the primary in {seconds} s")


def gunicorn(port: int) -> list[str]:
    return [str(BIN / "gunicorn"), "dossier.wsgi:application", "--workers", "2",
            "--bind", f"127.0.0.1:{port}"]  # fmt: skip


def warm_up(ports: list[int], mix: list[str]):
    """Each page of the mix once on each server, as readers have asked for them before."""
    for port in ports:
        for path in mix:
            with urlopen(f"http://127.0.0.1:{port}{path}") as response:
                response.read()


def measure(
    env: dict,
    ports: list[int],
    mix,
    seconds: int,
    connections: int,
    after_change=False,
    edits=False,
) -> dict:
    """wrk over the mix once every page has been served; `after_change`: right after
    a change that renews the index's version (the index, lists, search, API); `edits`:
    while an editor saves a claim every second."""
    with ExitStack() as servers:
        for port in ports:
            servers.enter_context(serving(*gunicorn(port), env=env, port=port))
        warm_up(ports, mix)
        if after_change:
            manage(env, "shell", "-c", RENEW_DATA_VERSION)
        if edits:
            editor = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "shell", "-c", EDITOR],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            servers.callback(editor.wait, timeout=30)
            servers.callback(editor.terminate)
            # Its start (Django, choosing the claims) is not the editor's work: not timed.
            while editor.stdout.readline().strip() != "ready":
                if editor.poll() is not None:
                    sys.exit("The editor stopped before its first save.")
        return wrk(mix, ports, seconds, connections)


def row(name: str, result: dict) -> str:
    latency = result["latency"]
    return (
        f"| {name} | {result['requests']:,} | {result['requests_per_s']} | "
        f"{latency.get('50', '?')} | {latency.get('90', '?')} | {latency.get('99', '?')} | "
        f"{result['non_2xx']} | {result['socket_errors']} |"
    )


def p99_ms(result: dict) -> float:
    return milliseconds(result["latency"]["99"]) if "99" in result["latency"] else float("inf")


def verdict(result: dict) -> str:
    p99 = p99_ms(result)
    met = (
        result["requests_per_s"] >= TARGET_RATE
        and p99 < TARGET_P99_MS
        and not result["non_2xx"]
        and result["socket_errors"] == "none"
    )
    return "met" if met else "missed"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument(
        "--database-url", default="", help=f"default: DATABASE_URL, else {database.DEFAULT_URL}"
    )
    parser.add_argument(
        "--cache-url", default=os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/14"
    )
    parser.add_argument("--replica-port", type=int, default=5433)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--claims",
        type=int,
        default=CLAIMS_IF_EMPTY,
        help=f"how many claims to generate when the database holds none ({CLAIMS_IF_EMPTY:,})",
    )
    output.add_arguments(parser, "scaleout")
    parser.add_argument(
        "--edits",
        action="store_true",
        help="only the two servers, without edits and with an editor's save every second",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="with --edits: take the runs without and with edits in turn this many times",
    )
    args = parser.parse_args()
    try:
        url = database.database_url(args.database_url)
    except database.Unusable as problem:
        sys.exit(str(problem))

    one = django_env(url)
    claims = prepared(url, one, args.claims)
    run(str(ROOT / "scripts" / "replica.sh"), env=None)
    replica = replica_url(url, args.replica_port)
    caught_up(url, replica)
    mix = paths(url)
    two = one | {"CACHE_URL": args.cache_url, "DATABASE_REPLICA_URLS": replica}
    run("redis-cli", "-u", args.cache_url, "FLUSHDB")

    if args.edits:
        return measure_edits(two, mix, claims, args)

    print(f"== {claims:,} claims; one server", flush=True)
    single = measure(one, PORTS[:1], mix, args.seconds, args.connections)
    print(f"   {single}", flush=True)
    print("== two servers, Redis, the replica", flush=True)
    double = measure(two, list(PORTS), mix, args.seconds, args.connections)
    print(f"   {double}", flush=True)
    print("== two servers, right after a change", flush=True)
    changed = measure(two, list(PORTS), mix, args.seconds, args.connections, after_change=True)
    print(f"   {changed}", flush=True)

    lines = [
        f"## Scale-out, {time.strftime('%Y-%m-%d')}",
        "",
        f"- Machine: {machine()}",
        f"- Command: `python bench/scaleout.py --seconds {args.seconds} "
        f"--connections {args.connections}`",
        f"- Data: {claims:,} claims. The mix of bench/load.py ({len(mix)} pages and API "
        f"calls) under wrk, {args.connections} connections for {args.seconds} s. One server: "
        "gunicorn with 2 workers, a cache per process, reads from the primary. Two servers: "
        "two gunicorn processes with 2 workers each on two ports, one Redis as their cache, "
        "public reads from a streaming replica on the same machine (scripts/replica.sh); "
        "wrk's threads send to the two in turn. Before each run every page of the mix is "
        "asked for once on each server; the last run starts right after a change to the "
        "data, which outdates every kept page (index, sources, actors, search, API) at once.",
        "",
        "| servers | requests | requests/s | p50 | p90 | p99 | non-2xx | socket errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        row("one", single),
        row("two, Redis, replica", double),
        row("two, right after a change", changed),
        "",
        f"Target for two servers: ≥ {TARGET_RATE} requests/s, p99 under "
        f"{TARGET_P99_MS / 1000:g} s, no errors: {verdict(double)}.",
        "",
    ]
    print("\n".join(lines))
    output.save("\n".join(lines), "scaleout", args.output, args.record)
    runs = (single, double, changed)
    errors = sum(result["non_2xx"] + (result["socket_errors"] != "none") for result in runs)
    sys.exit(1 if errors else 0)


def measure_edits(env: dict, mix, claims: int, args) -> None:
    """Readers without edits and with one editor's save a second, side by side: the two
    runs taken in turn `--rounds` times, so that what else the machine does at one
    moment weighs on both; each compared by its median."""
    quiet, edited = [], []
    for number in range(1, args.rounds + 1):
        for runs, edits, name in ((quiet, False, "no edits"), (edited, True, "with edits")):
            print(f"== {claims:,} claims; two servers, {name}, round {number}", flush=True)
            result = measure(env, list(PORTS), mix, args.seconds, args.connections, edits=edits)
            result["load"] = os.getloadavg()[0]
            runs.append(result)
            print(f"   {result}", flush=True)
    rate = {
        name: statistics.median(result["requests_per_s"] for result in runs)
        for name, runs in (("quiet", quiet), ("edited", edited))
    }
    share = rate["edited"] / rate["quiet"] if rate["quiet"] else 0
    p99 = statistics.median(p99_ms(result) for result in edited)
    worst = max(p99_ms(result) for result in edited)
    rounds = f" --rounds {args.rounds}" if args.rounds != 1 else ""
    lines = [
        f"## Readers while an editor saves, {time.strftime('%Y-%m-%d')}",
        "",
        f"- Machine: {machine()}",
        f"- Command: `python bench/scaleout.py --edits --seconds {args.seconds} "
        f"--connections {args.connections}{rounds}`",
        f"- Data: {claims:,} claims. The mix of bench/load.py ({len(mix)} pages and API "
        f"calls) under wrk, {args.connections} connections for {args.seconds} s, on two "
        "gunicorn servers (2 workers each) sharing Redis and reading from the replica; "
        "in the runs with edits a process saves a claim every second and renews the pages "
        "that show it (`changed_objects`), as the admin does. The runs without and with "
        "edits alternate; the load is the machine's one-minute load average at each run's "
        "end.",
        "",
        "| run | requests | requests/s | p50 | p90 | p99 | non-2xx | socket errors | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for number, (without, with_edits) in enumerate(zip(quiet, edited, strict=True), start=1):
        for name, result in (("no edits", without), ("a save every second", with_edits)):
            lines.append(f"{row(f'{number}: {name}', result)} {result['load']:.1f} |")
    lines += [
        "",
        f"With edits: {share:.0%} of the throughput without (medians: {rate['edited']:.0f} "
        f"and {rate['quiet']:.0f} requests/s); p99 {p99:.0f} ms (median; worst {worst:.0f} ms). "
        f"Targets: at least {TARGET_EDITED_SHARE:.0%}, p99 at most {TARGET_EDITED_P99_MS} ms.",
        "",
    ]
    print("\n".join(lines))
    output.save("\n".join(lines), "scaleout-edits", args.output, args.record)


if __name__ == "__main__":
    main()
