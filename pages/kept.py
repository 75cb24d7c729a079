"""
Kept pages: a page is stored in the cache under its address (path and query) and
language, with the versions of what it shows as they were when it was built.

A view declares what its page shows by returning, beside the content, the names of the
versions it depends on ("shows": "question:12", "source:4", … or "index"). On each
request one query reads those versions: all equal, the kept page is served, with no
other query. Else the page is outdated: one process builds it anew (a lock in the
cache), and the others are served the outdated page meanwhile, while its first missed
change is younger than KEPT_PAGE_MAX_STALE_SECONDS; beyond that they wait for the new
one. The process that builds an outdated page it may still serve does so in a thread of
its own, after answering with the outdated page: nobody waits for a rebuild, but a
browser that just wrote (pinned to the primary), which is served what it saved. Versions
live in the database (pages.models.Version), so every process agrees on them whatever
the cache; changes renew them with pages.changes.changed().
"""

import hashlib
import logging
import random
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation
from django.utils.translation import get_language

from dossier.parameters import only_parameters
from dossier.publication import previewing
from dossier.ratelimit import take_page_build
from dossier.replicas import bookkeeping, pinned, primary
from dossier.snapshots import one_snapshot

from .changes import EVERYTHING, INDEX, renew
from .models import Version

logger = logging.getLogger(__name__)

PAGE_SECONDS = 24 * 3600
# How long a page may take to build before another process builds it too.
BUILD_SECONDS = 10
WAIT_STEP_SECONDS = 0.02

# The pages this process served last, by key: a hit then reads no page from the cache.
KEPT_PAGES = 500
kept: OrderedDict[str, dict] = OrderedDict()


def kept_page(request, build: Callable[[], dict], *, params: Iterable[str]) -> dict:
    """The page at this request's address in the reader's language, as `build()`
    made it: current, or outdated for less than the maximum age while another process
    builds it; else built now.

    `params` are the query parameters the page reads: any other is dropped from the
    request before the page is found or built, so that it makes no page of its own.

    `build()` returns the page as a dict whose "shows" names the versions it depends on.
    A hit costs one query: the current values of exactly those versions (two when this
    process's own copy is outdated and another process has built the page anew).
    """
    only_parameters(request, params)
    key = page_key(request)
    page, outdated_since = kept.get(key), None
    if page is not None:
        outdated_since = outdated(page)
        if outdated_since is None:
            keep(key, page)
            return page
    shared = cache.get(key)
    if shared is not None and shared["built"] != (page or {}).get("built"):
        # Built anew by another process since this one kept its own: serve that one,
        # rather than build it once more here.
        page, outdated_since = shared, outdated(shared)
        if outdated_since is None:
            keep(key, page)
            return page
    if page is None and request.GET:
        # A page never seen, of a search or filter: a visitor may ask for only so many.
        # Pages without a query are as many as the objects (a crawler may read them
        # all), and an outdated page is renewed whoever asks.
        take_page_build(request)
    servable = page if young_enough(outdated_since) else None
    if servable is not None and settings.KEPT_PAGE_BUILDS_IN_BACKGROUND and not pinned(request):
        return renewed_meanwhile(key, build, servable)
    return renewed(key, build, page, outdated_since)


def kept_or_previewed(request, build: Callable[..., dict], *, params: Iterable[str]) -> dict:
    """The kept page, or for an editor's preview (?preview=1) `build(preview=True)`: built
    for this request alone, drafts and all, and never kept for anyone."""
    if previewing(request):
        return build(preview=True) | {"preview": True}
    return kept_page(request, build, params=params)


def page_key(request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"kept:{get_language()}:{address}"


def current_versions(names) -> dict[str, tuple[str, datetime]]:
    """The versions by name, read from the primary: a replica's older versions would
    take every page built from the primary for outdated."""
    rows = Version.objects.using(DEFAULT_DB_ALIAS).filter(name__in=list(names))
    return {
        name: (value, at) for name, value, at in rows.values_list("name", "value", "changed_at")
    }


def version(name: str) -> str | None:
    """One version's value (None: not changed since the versions were dropped)."""
    return current_versions([name]).get(name, (None, None))[0]


def outdated(page: dict) -> datetime | None:
    """None if the page is current, else when it went out of date (at the latest).

    A page that misses only the index's version is current while it is younger than its
    share of KEPT_INDEX_SECONDS (its "window"): every save renews the index, and the
    pages that list across the dossier would otherwise be rebuilt once a save each.
    """
    now = current_versions(page["versions"])
    missed_names = {
        name for name, value in page["versions"].items() if now.get(name, (None,))[0] != value
    }
    if not missed_names:
        return None
    age = time.time() - page.get("built_at", 0)
    if missed_names == {INDEX} and age < settings.KEPT_INDEX_SECONDS * page.get("window", 1):
        return None
    missed = [now.get(name) for name in missed_names]
    times = [entry[1] for entry in missed if entry is not None]
    # A version dropped since (a restore) renewed EVERYTHING, which carries the time.
    return min(times) if times else datetime.min.replace(tzinfo=UTC)


def renewed(key: str, build, stale: dict | None, outdated_since: datetime | None) -> dict:
    """Build the page here, unless another process is building it: then serve the
    outdated page while it is young enough, or wait for the new one."""
    lock, token = f"{key}:building", secrets.token_hex(8)
    if cache.add(lock, token, BUILD_SECONDS):
        try:
            return stored(key, built(build))
        finally:
            # Only our own lock: another's still tells the others to wait for it.
            if cache.get(lock) == token:
                cache.delete(lock)
    if stale is not None and young_enough(outdated_since):
        return stale
    deadline = time.monotonic() + BUILD_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        page = cache.get(key)
        if page is not None and page["built"] != (stale or {}).get("built"):
            keep(key, page)
            return page
        if cache.get(lock) is None:
            break  # the builder failed: build it here
    return stored(key, built(build))


def renewed_meanwhile(key: str, build, outdated_page: dict) -> dict:
    """The outdated page, while this process builds its successor in a thread of its own,
    unless another process is building it already."""
    lock, token = f"{key}:building", secrets.token_hex(8)
    if cache.add(lock, token, BUILD_SECONDS):
        language = get_language()
        threading.Thread(
            target=build_in_background, args=(key, build, lock, token, language), daemon=True
        ).start()
    return outdated_page


def build_in_background(key: str, build, lock: str, token: str, language: str) -> None:
    try:
        with translation.override(language):
            stored(key, built(build))
    except Exception:
        # The next reader builds it: the lock is let go below.
        logger.exception("Building the page %s anew failed", key)
    finally:
        if cache.get(lock) == token:
            cache.delete(lock)
        # This thread's own connections, which nothing else would close.
        connections.close_all()


def young_enough(outdated_since: datetime | None) -> bool:
    if outdated_since is None:
        return False
    age = (timezone.now() - outdated_since).total_seconds()
    return age < settings.KEPT_PAGE_MAX_STALE_SECONDS


def built(build) -> dict:
    """The page built from the primary, with the versions of what it shows read in the
    same snapshot of the database as its data (dossier.snapshots): a change committed
    during the build outdates it, whenever the build learns the names it shows."""
    with primary(), one_snapshot():
        page = build()
        names = {EVERYTHING, *page.pop("shows")}
        versions = {name: value for name, (value, _at) in current_versions(names).items()}
        if EVERYTHING not in versions:
            # A database that never had one (new, or emptied): pages kept from another
            # database under the same cache must not match it.
            with bookkeeping():
                renew({EVERYTHING})
            versions[EVERYTHING] = version(EVERYTHING)
    page["versions"] = {name: versions.get(name) for name in names}
    page["built"], page["built_at"] = secrets.token_hex(8), time.time()
    # Lists built together (after a restart, say) would all be outdated together, every
    # window, while editors work: each page's window is its own, from three quarters to
    # all of KEPT_INDEX_SECONDS, so that their rebuilds spread out.
    page["window"] = random.uniform(0.75, 1)
    return page


def stored(key: str, page: dict) -> dict:
    cache.set(key, page, PAGE_SECONDS)
    keep(key, page)
    return page


def keep(key: str, page: dict) -> None:
    kept[key] = page
    with suppress(KeyError):  # another thread may just have let it go
        kept.move_to_end(key)
        while len(kept) > KEPT_PAGES:
            kept.popitem(last=False)
