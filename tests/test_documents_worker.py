"""A document queued in the database is read by a real `db_worker`, in another process,
over a database of its own (a SQLite file, or a PostgreSQL database)."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

PROJECT = Path(__file__).resolve().parent.parent
LIVE_DATABASE = "dossier_documents_worker"


@pytest.fixture
def database_url(tmp_path):
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        return
    server = f"host={config['HOST']} port={config['PORT'] or 5432} user={config['USER']}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {LIVE_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {LIVE_DATABASE}")
    yield f"postgres://{config['USER']}@{config['HOST']}:{config['PORT'] or 5432}/{LIVE_DATABASE}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {LIVE_DATABASE} WITH (FORCE)")


def manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_a_real_database_worker_reads_a_queued_document(database_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CACHE_URL", "PYTEST"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "dossier.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASK_BACKEND": "database",
    }
    manage(env, "migrate", "--verbosity", "0")
    (tmp_path / "article.txt").write_text("Proteste in Almaty\n\n164 Menschen starben.")
    queued = manage(env, "ingest", str(tmp_path / "article.txt"))
    assert "queued: a worker will read it" in queued
    state = "from documents.models import Document; print(Document.objects.get().state)"
    assert manage(env, "shell", "-c", state).split()[-1] == "waiting"
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert manage(env, "shell", "-c", state).split()[-1] == "ready"
    draft = "from documents.models import Document; print(Document.objects.get().draft['title'])"
    assert manage(env, "shell", "-c", draft).splitlines()[-1] == "Proteste in Almaty"
