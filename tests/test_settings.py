"""Settings come from the environment, and junk values fail loudly at start-up."""

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
