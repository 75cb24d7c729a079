"""The benchmark commands use the database they are given, create what they need or say
in one line what is missing, and write their figures where they say they will."""

import datetime
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench import database, output
from scripts.check_port import port_problem

PROJECT = Path(__file__).resolve().parent.parent
SCRIPTS = [
    "bench/run.py",
    "bench/load.py",
    "bench/scaleout.py",
    "bench/builds.py",
    "bench/ingest.py",
]


def bench_script(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ.get("PATH", "")} | env
    return subprocess.run(
        [sys.executable, script, *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def a_closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_database_is_database_url_when_set():
    url = "postgres://someone@db.example:5433/figures"
    assert database.database_url(environ={"DATABASE_URL": url}) == url


def test_the_database_is_the_documented_default_when_none_is_set():
    assert database.database_url(environ={}) == database.DEFAULT_URL
    assert database.DEFAULT_URL == "postgres://postgres@127.0.0.1:5432/dossier_bench"


def test_a_url_given_on_the_command_line_comes_first():
    given = "postgres://postgres@127.0.0.1:5432/elsewhere"
    assert database.database_url(given, environ={"DATABASE_URL": "postgres://x/y"}) == given


@pytest.mark.parametrize(
    "url, message",
    [
        ("sqlite:///db.sqlite3", "The benchmarks need PostgreSQL"),
        ("postgres://postgres@127.0.0.1:5432/", "names no database"),
    ],
)
def test_a_database_the_benchmarks_cannot_use_is_refused_in_one_line(url, message):
    with pytest.raises(database.Unusable, match=message):
        database.database_url(environ={"DATABASE_URL": url})


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_script_says_in_one_line_that_sqlite_will_not_do(script):
    result = bench_script(script, DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "The benchmarks need PostgreSQL, and DATABASE_URL is sqlite://…: set it to a "
        f"postgres:// URL (unset, it is {database.DEFAULT_URL})."
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_script_says_in_one_line_that_the_server_does_not_answer(script):
    port = a_closed_port()
    result = bench_script(script, DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/bench")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Cannot connect to PostgreSQL at 127.0.0.1:{port} as postgres")
    assert line.endswith("start it, or set DATABASE_URL.")


@pytest.fixture
def missing_database(django_db_blocker):
    """A PostgreSQL database of this test run's own name that does not exist yet."""
    if connection.vendor != "postgresql":
        pytest.skip("the benchmarks run against PostgreSQL only")
    settings = connection.settings_dict
    name = f"{settings['NAME']}_made_by_bench"
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/{name}"
    with django_db_blocker.unblock():
        database.connect(database.server_url(url)).execute(f'DROP DATABASE IF EXISTS "{name}"')
        yield url
        database.connect(database.server_url(url)).execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_missing_database_is_created_once(missing_database):
    assert not database.exists(missing_database)
    assert database.ensure(missing_database) is True
    assert database.exists(missing_database)
    assert database.ensure(missing_database) is False


def test_a_new_database_holds_no_claims_before_its_tables_are_made(missing_database):
    database.ensure(missing_database)
    assert database.claim_count(missing_database) == 0


def test_a_run_that_finds_claims_it_did_not_make_stops_without_dropping_them(missing_database):
    database.ensure(missing_database)
    with database.connect(missing_database) as held:
        held.execute("CREATE TABLE claims_claim (id int)")
        held.execute("INSERT INTO claims_claim VALUES (1), (2)")
    result = bench_script("bench/run.py", "--sizes", "10", DATABASE_URL=missing_database)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{missing_database} already holds 2 claims: give an empty database (DATABASE_URL), "
        "--reuse to measure them, or --replace to drop them."
    )
    assert database.claim_count(missing_database) == 2


def test_timing_pages_of_an_empty_database_says_how_to_fill_it(missing_database):
    database.ensure(missing_database)
    result = bench_script("bench/builds.py", DATABASE_URL=missing_database)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{missing_database} holds no claims: fill it first, e.g. "
        f"DATABASE_URL={missing_database} python manage.py migrate && "
        "python manage.py generate_dossier --claims 1000000"
    )


def test_results_go_to_a_new_file_under_bench_results_by_default():
    now = datetime.datetime(2026, 12, 7, 9, 30, 15)
    path = output.default_path("load", now)
    assert path == PROJECT / "bench" / "results" / "load-2026-12-07-093015.md"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(path)], cwd=PROJECT, capture_output=True
    )
    assert ignored.returncode == 0, "bench/results/ must not be tracked"


def test_results_go_to_the_file_named_and_leave_the_record_alone(tmp_path, capsys):
    record = tmp_path / "RESULTS.md"
    record.write_text("# Benchmark results\n\n## Earlier\n\nfigures\n")
    named = tmp_path / "mine" / "load.md"
    output.save("## Load test, 2026-12-07\n\n| a |\n", "load", named, False, record_to=record)
    assert named.read_text() == "# Dossier benchmark: load\n\n## Load test, 2026-12-07\n\n| a |\n"
    assert record.read_text() == "# Benchmark results\n\n## Earlier\n\nfigures\n"
    assert capsys.readouterr().out == f"Wrote {named}\n"


def test_recording_appends_the_dated_section_after_what_the_record_held(tmp_path):
    record = tmp_path / "RESULTS.md"
    record.write_text("# Benchmark results\n\n## Earlier\n\nfigures\n")
    output.save("## Load test, 2026-12-07\n\nnew\n", "load", tmp_path / "x.md", True, record)
    assert record.read_text() == (
        "# Benchmark results\n\n## Earlier\n\nfigures\n\n## Load test, 2026-12-07\n\nnew\n"
    )


def test_a_free_port_has_no_problem():
    assert port_problem(str(a_closed_port())) is None


def test_a_port_in_use_is_named_with_another_to_try():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert port_problem(str(port)) == (
            f"Port {port} on 127.0.0.1 is already in use: stop what serves it, "
            f"or choose another, e.g. make demo PORT={port + 1}."
        )


@pytest.mark.parametrize("port", ["", "eight", "0", "65536", "80a", "８０００"])
def test_a_port_that_is_no_port_number_is_refused(port):
    assert port_problem(port) == f"PORT must be a number from 1 to 65535, not {port!r}."


def test_the_port_check_exits_with_one_line_when_the_port_is_taken():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        result = bench_script("scripts/check_port.py", str(port))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "already in use" in result.stderr
