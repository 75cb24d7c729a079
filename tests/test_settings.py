"""Settings come from the environment, and junk values fail loudly at start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "dossier.settings",
    } | env
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_defaults_need_no_configuration():
    assert load_settings().returncode == 0


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"DEBUG": "0"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DATABASE_URL": "mysql://db/dossier"}, "DATABASE_URL must be a sqlite:// or postgres://"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"CONN_MAX_AGE": "forever"}, "CONN_MAX_AGE must be a whole number"),
        (
            {"DEBUG": "0", "SECRET_KEY": "a-long-random-secret-key-0123456789-abcdefghij"},
            "ALLOWED_HOSTS must be set when DEBUG is off",
        ),
    ],
)
def test_junk_values_fail_clearly(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DEBUG": "0",
            "SECRET_KEY": "a-long-random-secret-key-for-the-deploy-check-0123456789-abcdefghij",
            "ALLOWED_HOSTS": "dossier.example.org",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def settings_of(names: list[str], **env) -> dict:
    """The named settings as Django reads them from this environment."""
    script = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))\n"
    )
    environment = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "dossier.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env=environment | env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


POSTGRES = "postgres://dossier@127.0.0.1:5432/dossier"


def test_the_cache_is_per_process_unless_cache_url_names_redis():
    assert settings_of(["CACHES"])["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    cache = settings_of(["CACHES"], CACHE_URL="redis://127.0.0.1:6379/3")["CACHES"]["default"]
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
    }


def test_a_pool_is_configured_from_the_environment():
    databases = settings_of(
        ["DATABASES"],
        DATABASE_URL=POSTGRES,
        DATABASE_REPLICA_URLS="postgres://dossier@127.0.0.1:5433/dossier",
        DATABASE_POOL_MIN_SIZE="2",
        DATABASE_POOL_MAX_SIZE="8",
    )["DATABASES"]
    for alias in ("default", "replica_1"):
        assert databases[alias]["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 10}
        assert databases[alias]["CONN_MAX_AGE"] == 0
    # and none without its sizes
    assert "pool" not in settings_of(["DATABASES"], DATABASE_URL=POSTGRES)["DATABASES"][
        "default"
    ].get("OPTIONS", {})


def test_replicas_are_added_in_order_and_mirror_the_primary_in_tests():
    found = settings_of(
        ["DATABASES", "DATABASE_REPLICAS"],
        DATABASE_URL=POSTGRES,
        DATABASE_REPLICA_URLS="postgres://r1:5433/dossier, postgres://r2:5434/dossier",
    )
    assert found["DATABASE_REPLICAS"] == ["replica_1", "replica_2"]
    replica_2 = found["DATABASES"]["replica_2"]
    assert (replica_2["HOST"], replica_2["PORT"]) == ("r2", 5434)
    assert replica_2["TEST"]["MIRROR"] == "default"
    assert found["DATABASES"]["default"]["HOST"] == "127.0.0.1"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"CACHE_URL": "memcached://127.0.0.1:11211"}, "CACHE_URL must be a redis://"),
        ({"DATABASE_POOL_MAX_SIZE": "lots"}, "DATABASE_POOL_MAX_SIZE must be a whole number"),
        ({"DATABASE_POOL_MAX_SIZE": "-1"}, "must not be negative"),
        ({"DATABASE_POOL_MIN_SIZE": "2"}, "DATABASE_POOL_MIN_SIZE needs DATABASE_POOL_MAX_SIZE"),
        (
            {"DATABASE_POOL_MIN_SIZE": "9", "DATABASE_POOL_MAX_SIZE": "4"},
            "DATABASE_POOL_MIN_SIZE must not exceed",
        ),
        ({"DATABASE_POOL_MAX_SIZE": "4", "CONN_MAX_AGE": "60"}, "CONN_MAX_AGE must be 0"),
        ({"DATABASE_POOL_MAX_SIZE": "4", "DATABASE_URL": ""}, "needs PostgreSQL"),
        ({"DATABASE_POOL_MAX_SIZE": "4", "DATABASE_POOL_TIMEOUT": "0"}, "must be positive"),
        ({"DATABASE_REPLICA_URLS": "sqlite:///replica.db"}, "must be postgres:// URLs"),
        ({"DATABASE_REPLICA_URLS": "nonsense"}, "DATABASE_REPLICA_URLS"),
        (
            {"DATABASE_REPLICA_URLS": POSTGRES, "DATABASE_URL": ""},
            "need a postgres:// DATABASE_URL",
        ),
        ({"READ_YOUR_WRITES_SECONDS": "soon"}, "READ_YOUR_WRITES_SECONDS must be a whole"),
    ],
)
def test_junk_cache_pool_and_replica_values_fail_clearly(env, message):
    env = {"DATABASE_URL": POSTGRES} | env
    if not env["DATABASE_URL"]:
        del env["DATABASE_URL"]
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="psycopg's pool needs PostgreSQL: set DATABASE_URL=postgres://…",
)
def test_queries_go_through_psycopgs_pool():
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "connection.ensure_connection()\n"
        "pool = connection.pool\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT 1')\n"
        "connection.close()\n"
        "print(type(pool).__name__, pool.min_size, pool.max_size, pool.get_stats()['pool_size'])\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "dossier.settings",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DATABASE_POOL_MIN_SIZE": "2",
        "DATABASE_POOL_MAX_SIZE": "4",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    kind, min_size, max_size, size = result.stdout.split()
    assert (kind, min_size, max_size) == ("ConnectionPool", "2", "4")
    assert 2 <= int(size) <= 4


def test_make_serve_refuses_to_start_without_allowed_hosts():
    result = subprocess.run(
        ["make", "--no-print-directory", "--old-file=install", "serve"],
        cwd=PROJECT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "SECRET_KEY": "a-long-random-secret-key-0123456789-abcdefghij",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


def test_make_bench_without_wrk_says_how_to_get_it(tmp_path):
    # A PATH with `id` but neither wrk nor apt-get: nothing can install it.
    (tmp_path / "id").symlink_to("/usr/bin/id")
    result = subprocess.run(
        ["/usr/bin/make", "--no-print-directory", "wrk"],
        cwd=PROJECT,
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "make bench and make load need wrk, which is not installed" in result.stderr
