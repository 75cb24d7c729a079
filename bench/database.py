"""
The PostgreSQL database a benchmark runs against, and making sure it is there.

Every bench script uses DATABASE_URL when it is set, else DEFAULT_URL, a database of
its own on the local server; it creates the database when it is missing, and says in
one line what is wrong when it cannot.
"""

import os
from urllib.parse import urlparse

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dossier_bench"
POSTGRES_SCHEMES = ("postgres", "postgresql")


class Unusable(Exception):
    """The database cannot be used; the message says why in one line."""


def database_url(given: str = "", environ=os.environ) -> str:
    """The database to use: the one given, else DATABASE_URL, else DEFAULT_URL."""
    url = (given or environ.get("DATABASE_URL", "")).strip() or DEFAULT_URL
    parsed = urlparse(url)
    if parsed.scheme not in POSTGRES_SCHEMES:
        raise Unusable(
            f"The benchmarks need PostgreSQL, and DATABASE_URL is {parsed.scheme or url}://…: "
            f"set it to a postgres:// URL (unset, it is {DEFAULT_URL})."
        )
    if not parsed.path.strip("/"):
        raise Unusable(f"{url} names no database: add one, as in {DEFAULT_URL}.")
    return url


def name_of(url: str) -> str:
    return urlparse(url).path.strip("/")


def server_url(url: str) -> str:
    """The same server's maintenance database, to create or drop `url`'s from."""
    return urlparse(url)._replace(path="/postgres").geturl()


def connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        parsed = urlparse(url)
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else "no answer"
        raise Unusable(
            f"Cannot connect to PostgreSQL at {parsed.hostname}:{parsed.port or 5432} as "
            f"{parsed.username or 'the current user'} ({reason}): start it, or set DATABASE_URL."
        ) from None


def exists(url: str) -> bool:
    with connect(server_url(url)) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name_of(url)]
        ).fetchone()
    return found is not None


def ensure(url: str) -> bool:
    """Create the database when it is missing; True when it was created."""
    if exists(url):
        return False
    with connect(server_url(url)) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name_of(url))))
    return True


def recreate(url: str) -> None:
    """Drop and create the database again: only for one this benchmark filled itself."""
    with connect(server_url(url)) as connection:
        name = sql.Identifier(name_of(url))
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def claim_count(url: str) -> int:
    """How many claims the database holds; 0 when its tables are not made yet."""
    with connect(url) as connection:
        table = connection.execute("SELECT to_regclass('claims_claim')").fetchone()[0]
        if table is None:
            return 0
        return connection.execute("SELECT count(*) FROM claims_claim").fetchone()[0]
