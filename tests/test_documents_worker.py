"""A queued document is read by a real worker, in another process, over a database of
its own (a SQLite file, or a PostgreSQL database): `db_worker` for TASK_BACKEND=database,
and RQ's worker for TASK_BACKEND=rq, with its queue in a Redis database of its own."""

import os
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.databases_apart import database_apart
from tests.other_processes import manage

TITLE = "from documents.models import Document; print(Document.objects.get().draft['title'])"
STATE = "from documents.models import Document; print(Document.objects.get().state)"
SOURCE = (
    "from documents.models import Document; d = Document.objects.get(); "
    "print(d.source.title if d.source else '-')"
)


@pytest.fixture
def environment(tmp_path):
    with database_apart(tmp_path, "documents_worker") as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CACHE_URL", "PYTEST"))}
        yield env | {
            "DJANGO_SETTINGS_MODULE": "dossier.settings",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(tmp_path / "media"),
        }


def last_line(env, code: str) -> str:
    return manage(env, "shell", "-c", code).splitlines()[-1]


def test_a_real_database_worker_reads_a_queued_document(environment, tmp_path):
    env = environment | {"TASK_BACKEND": "database"}
    manage(env, "migrate", "--verbosity", "0")
    (tmp_path / "article.txt").write_text("Proteste in Almaty\n\n164 Menschen starben.")
    queued = manage(env, "ingest", str(tmp_path / "article.txt"))
    assert "queued: a worker will read it" in queued
    assert last_line(env, STATE) == "waiting"
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert last_line(env, STATE) == "ready"
    assert last_line(env, TITLE) == "Proteste in Almaty"


def rq_test_url() -> str:
    """RQ_TEST_URL, else the cache's Redis at the database after those the parallel
    tests' caches take (CACHE_URL's number, plus one for each test process)."""
    if url := os.getenv("RQ_TEST_URL", "").strip():
        return url
    cache = os.getenv("CACHE_URL", "").strip() or settings.CACHE_URL
    if not cache.startswith("redis"):
        return ""
    parts = urlsplit(cache)
    number = int(parts.path.strip("/") or 0) + int(os.getenv("PYTEST_XDIST_WORKER_COUNT") or 1)
    return parts._replace(path=f"/{number}").geturl()


@pytest.fixture
def rq_url():
    """A Redis database for the test's queue alone: emptied before and after."""
    url = rq_test_url()
    if not url:
        pytest.skip("needs Redis: set RQ_TEST_URL=redis://host:port/db (emptied by the test)")
    connection = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        connection.flushdb()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at RQ_TEST_URL or CACHE_URL ({url}): {error}")
    yield url
    connection.flushdb()
    connection.close()


def test_a_real_rq_worker_reads_a_document_queued_in_redis(environment, rq_url, tmp_path):
    env = environment | {"TASK_BACKEND": "rq", "RQ_URL": rq_url}
    manage(env, "migrate", "--verbosity", "0")
    (tmp_path / "article.txt").write_text("Proteste in Almaty\n\n164 Menschen starben.")
    queued = manage(env, "ingest", "--confirm", str(tmp_path / "article.txt"))
    assert "queued: a worker will read it" in queued
    assert last_line(env, STATE) == "waiting"
    assert redis.Redis.from_url(rq_url).llen("rq:queue:default") == 1

    # As the operators' guide starts it (the settings name the job class), but stopping
    # once the queue is empty.
    manage(env, "rqworker", "--burst", "default")
    assert last_line(env, STATE) == "ready"
    assert last_line(env, SOURCE) == "Proteste in Almaty"
    assert redis.Redis.from_url(rq_url).llen("rq:queue:default") == 0


def test_a_reading_timeout_shorter_than_a_scans_reading_is_refused_at_start_up(settings):
    """Else a worker still reading a long scan would see its document queued again."""
    settings.DOCUMENT_READING_TIMEOUT_SECONDS = 900
    with pytest.raises(SystemCheckError, match="would be queued again and read twice"):
        call_command("check")
    settings.DOCUMENT_READING_TIMEOUT_SECONDS = 1800
    call_command("check")
