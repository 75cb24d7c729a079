"""Kept pages are right in every process: two app servers, each with a memory cache of
its own (no CACHE_URL), and commands run beside them, over one real database (a SQLite
file, or a PostgreSQL database of its own), see each other's changes at once."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.databases_apart import database_apart
from tests.other_processes import PROJECT, free_port, manage

GUNICORN = Path(sys.executable).parent / "gunicorn"


@pytest.fixture
def database_url(tmp_path):
    """A database of its own, outside the tests' transaction, of the tests' kind."""
    with database_apart(tmp_path, "pages_live") as url:
        yield url


@pytest.fixture
def environment(database_url, own_restore_flag) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CACHE_URL", "PYTEST"))}
    return env | {
        # The restore's sign to these servers only, not to the tests running beside them.
        "RESTORE_FLAG_FILE": str(own_restore_flag),
        "DJANGO_SETTINGS_MODULE": "dossier.settings",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Readers are never served a page older than the change: shown at once.
        "KEPT_PAGE_MAX_STALE_SECONDS": "0",
        "KEPT_INDEX_SECONDS": "0",
    }


@pytest.fixture
def servers(environment):
    """Two app servers, one worker each, each with its own memory cache."""
    manage(environment, "migrate", "--verbosity", "0")
    manage(environment, "load_demo")
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [str(GUNICORN), "dossier.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
            cwd=PROJECT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for port in ports
    ]
    try:
        for port in ports:
            for _attempt in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/sources/", timeout=5)
                    break
                except OSError:
                    time.sleep(0.1)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def read(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return response.read().decode()


def test_a_change_from_one_process_is_seen_by_every_server(environment, servers, tmp_path):
    slug = manage(
        environment, "shell", "-c",
        "from claims.models import Question; print(Question.objects.order_by('pk')[0].slug)",
    ).splitlines()[-1]  # fmt: skip
    path = f"/questions/{slug}/"
    marker = "Seen by every process 4711"
    for base in servers:
        assert marker not in read(base, path)
        assert marker not in read(base, "/sources/")
    backup = tmp_path / "before.jsonl"
    manage(environment, "backup", str(backup))
    # A change from the shell, said out loud as operators are told to.
    manage(
        environment, "shell", "-c",
        "from claims.models import Claim; from pages.changes import changed_objects\n"
        f"claim = Claim.objects.filter(question__slug={slug!r}).order_by('pk')[0]\n"
        f"claim.quote_translation = {marker!r}; claim.save(); changed_objects(claim)",
    )  # fmt: skip
    for base in servers:
        assert marker in read(base, path), base
    # A restore, from another process again: every server shows the data restored.
    manage(environment, "restore", "--replace", str(backup))
    for base in servers:
        assert marker not in read(base, path), base
