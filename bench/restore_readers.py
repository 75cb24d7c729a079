"""
How long readers wait while `restore --replace` puts the demo back, on PostgreSQL.

Loads the demo into a fresh database, backs it up, starts gunicorn (2 workers) on it,
then has READERS threads request public pages over HTTP without pause (every other one
a new search, which reads the database) while the backup is restored over the data
ROUNDS times. Prints, for the requests sent during the restores and for those sent
outside them, the count by status and the slowest answer. The app servers and the
restore share the cache (Redis), as several app servers do, so pages renewed by the
restore are built anew from the database.

--code DIR runs another checkout's server and commands (an older commit, to compare);
--no-sign gives the server a restore sign of its own, which no restore raises, so that
readers are served the pages as they were throughout instead of the 503.

usage: .venv/bin/python bench/restore_readers.py
       [--database-url postgres://postgres@127.0.0.1:5432/dossier_backups] [--code DIR]
       [--cache-url redis://127.0.0.1:6379/12] [--no-sign] [--rounds 3]
"""

import argparse
import http.client
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import BIN, PYTHON, django_env, reset_database, serving, sql  # noqa: E402

PORT = 8773
READERS = 2


def manage(code: Path, env: dict, *args) -> float:
    """Runs a command of the checkout in `code`; returns how long it took."""
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=code, env=env, check=True, text=True)
    return time.perf_counter() - started


def read_pages(paths: list[str], stop: threading.Event, log: list):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    number = 0
    while not stop.is_set():
        # Every other request a search never made before: it must read the database.
        path = paths[number % len(paths)] if number % 2 else f"/search/?q=Tokayev{number}"
        number += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            status = "error"
        log.append((started, time.perf_counter() - started, status))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/dossier_backups"
    )
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/12",
        help="shared by the app servers and the restore, so its renewed pages reach them",
    )
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to run")
    parser.add_argument("--no-sign", action="store_true", help="readers never see the 503")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="restore-readers-"))
    env = django_env(args.database_url, args.cache_url) | {
        "RESTORE_FLAG_FILE": str(scratch / "restore-under-way"),
        "PYTHONPATH": str(args.code),
    }
    reset_database(args.database_url)
    manage(args.code, env, "migrate", "-v0")
    manage(args.code, env, "load_demo")
    manage(args.code, env, "collectstatic", "--noinput", "--verbosity", "0")
    backup = scratch / "demo.jsonl.gz"
    manage(args.code, env, "backup", str(backup))
    slugs = sql(args.database_url, "SELECT slug FROM claims_question ORDER BY id LIMIT 3")
    paths = ["/", "/sources/", "/api/claims/", "/api/claims/?page=2", "/search/?q=Tokayev"]
    paths += [f"/questions/{slug}/" for slug in slugs]

    server_env = env | {"CONN_MAX_AGE": "0"}
    if args.no_sign:
        server_env["RESTORE_FLAG_FILE"] = str(scratch / "a-sign-no-restore-raises")
    gunicorn = [str(BIN / "gunicorn"), "dossier.wsgi:application", "--workers", "2"]
    gunicorn += ["--bind", f"127.0.0.1:{PORT}", "--chdir", str(args.code)]
    restores = []
    log: list = []
    with serving(*gunicorn, env=server_env, port=PORT):
        stop = threading.Event()
        readers = [
            threading.Thread(target=read_pages, args=(paths, stop, log)) for _ in range(READERS)
        ]
        for reader in readers:
            reader.start()
        time.sleep(2)
        for _ in range(args.rounds):
            started = time.perf_counter()
            manage(args.code, env, "restore", "--replace", str(backup))
            restores.append((started, time.perf_counter()))
            time.sleep(2)
        stop.set()
        for reader in readers:
            reader.join()

    def during(entry):
        start, seconds, _ = entry
        return any(begin <= start + seconds and start <= end for begin, end in restores)

    print(f"code: {args.code}, {READERS} readers, {args.rounds} restores of the demo")
    print("restores took " + ", ".join(f"{end - begin:.2f} s" for begin, end in restores))
    for name, entries in [
        ("during a restore", [e for e in log if during(e)]),
        ("otherwise", [e for e in log if not during(e)]),
    ]:
        statuses = Counter(status for _, _, status in entries)
        slowest = max((seconds for _, seconds, _ in entries), default=0)
        print(f"{name}: {len(entries)} requests {dict(statuses)}, slowest {slowest * 1000:.0f} ms")


if __name__ == "__main__":
    main()
