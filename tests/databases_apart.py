"""A database of its own for tests that run the app in other processes (app servers,
workers): outside the tests' transaction, of the tests' kind (a SQLite file, or a
PostgreSQL database named after the test database, so that test runs on one server
never share one)."""

import contextlib
from collections.abc import Iterator
from pathlib import Path

import psycopg
from django.conf import settings


@contextlib.contextmanager
def database_apart(folder: Path, purpose: str) -> Iterator[str]:
    """The URL of an empty database for `purpose`, dropped afterwards."""
    config = settings.DATABASES["default"]
    if config["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{folder / f'{purpose}.sqlite3'}"
        return
    # test_dossier (or test_dossier_gw0 under pytest-xdist) gives dossier_<purpose>.
    name = f"{config['NAME'].removeprefix('test_')}_{purpose}"
    port = config["PORT"] or 5432
    server = f"host={config['HOST']} port={port} user={config['USER']}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{config['USER']}@{config['HOST']}:{port}/{name}"
    finally:
        with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
