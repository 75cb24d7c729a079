"""Reads that see the database as it was at their first query, on both databases."""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextmanager
def one_snapshot(using: str = DEFAULT_DB_ALIAS, *, read_only: bool = False):
    """One transaction whose every read sees the database as at its first read.

    PostgreSQL: REPEATABLE READ, since its default lets each query see what was committed
    meanwhile. SQLite: one deferred transaction (a read transaction in WAL mode), even
    where writes start IMMEDIATE, so that readers never wait for the write lock they do
    not need. Inside a transaction already (a test's), its own reads are used as they are.
    """
    connection = connections[using]
    connection.ensure_connection()  # which sets the configured transaction_mode
    if connection.in_atomic_block:
        yield
        return
    mode = getattr(connection, "transaction_mode", None)
    if connection.vendor == "sqlite":
        connection.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                level = "REPEATABLE READ, READ ONLY" if read_only else "REPEATABLE READ"
                with connection.cursor() as cursor:
                    cursor.execute(f"SET TRANSACTION ISOLATION LEVEL {level}")
            yield
    finally:
        if connection.vendor == "sqlite":
            connection.transaction_mode = mode
