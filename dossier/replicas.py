"""
Reads from PostgreSQL replicas, writes to the primary.

`ReplicaMiddleware` decides per request: a public page's or the API's read (GET or
HEAD) may read from a replica; the admin, every write, and every request of a browser
that wrote a moment ago (read-your-writes, a signed cookie) use the primary.
`ReplicaRouter` reads that decision from a context variable, so code outside a
request (commands, the shell, tests) reads the primary unless it says otherwise.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

# Where this request's reads go: "replica" or "primary" (the default).
reads_from: ContextVar[str] = ContextVar("reads_from", default="primary")
# Set when this request wrote to the primary.
wrote: ContextVar[bool] = ContextVar("wrote", default=False)

PIN_COOKIE = "dossier_primary"
PIN_SALT = "dossier.replicas.pin"


def replicas() -> list[str]:
    return settings.DATABASE_REPLICAS


@contextmanager
def reading(where: str):
    """Send the reads inside the block to the primary or a replica."""
    token = reads_from.set(where)
    try:
        yield
    finally:
        reads_from.reset(token)


def primary():
    return reading("primary")


@contextmanager
def bookkeeping():
    """Writes inside the block are the site's own (a kept page's first version), not the
    visitor's: they do not pin the browser to the primary."""
    before = wrote.get()
    try:
        yield
    finally:
        wrote.set(before)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        aliases = replicas()
        if aliases and reads_from.get() == "replica":
            return random.choice(aliases)
        return "default"

    def db_for_write(self, model, **hints):
        wrote.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def pinned(request) -> bool:
    """Did this browser write within the last READ_YOUR_WRITES_SECONDS?"""
    value = request.get_signed_cookie(
        PIN_COOKIE, default=None, salt=PIN_SALT, max_age=settings.READ_YOUR_WRITES_SECONDS
    )
    return value is not None


class ReplicaMiddleware:
    """Choose the database for each request's reads, and pin writers to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        public_read = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(self.admin_prefix)
            and not pinned(request)
        )
        where = reading("replica" if public_read and replicas() else "primary")
        wrote_token = wrote.set(False)
        try:
            with where:
                response = self.get_response(request)
            if wrote.get():
                response.set_signed_cookie(
                    PIN_COOKIE,
                    "1",
                    salt=PIN_SALT,
                    max_age=settings.READ_YOUR_WRITES_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            wrote.reset(wrote_token)
