"""
The comparison pages' cache: each page is stored with its question's version, and
every write to anything the page shows gives that question a new version.

A cached page is served with no database query: the page is found by its slug and
language, then compared with its question's current version (two cache reads; one
when this process has served the page before and keeps a copy).
Versions change in one place, `bump()`, called by
- the receivers below, on every save and delete of a model listed in `SHOWN_ON`
  (admin forms and inlines, the API, the shell, `loaddata`);
- `Question.refresh_analysis()` and `QuestionQuerySet.refresh_analysis()`, which every
  bulk path calls after it changes claims without saving them one by one (imports,
  `analyse_questions`, admin actions, `generate_dossier`).

Pages that list what many questions hold (the front page, filtered indexes, source,
actor and search pages, the API's lists) are kept under one version of all the data,
`DATA_VERSION`, which every save or delete of any model of the dossier renews, as
every bump does: editors write seldom, readers read the same pages again and again.

Versions live in the shared cache (Redis with several app servers), so one server's
write reaches every server's next request.
"""

import hashlib
import secrets
import time
from collections import OrderedDict
from contextlib import suppress
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.translation import get_language

from dossier.ratelimit import take_page_build
from dossier.replicas import primary

PAGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Field:
    """The instance names its question itself, in this attribute."""

    attribute: str

    def question_ids(self, instance) -> set[int]:
        return {getattr(instance, self.attribute)} - {None}


@dataclass(frozen=True)
class Lookups:
    """The questions to bump are those that reach the instance through these lookups."""

    paths: tuple[str, ...]

    def question_ids(self, instance) -> set[int]:
        if instance.pk is None:
            return set()
        Question = apps.get_model("claims", "Question")  # models.py calls bump(): no import
        condition = reduce(or_, (Q(**{path: instance.pk}) for path in self.paths))
        return set(Question.objects.filter(condition).values_list("pk", flat=True))


@dataclass(frozen=True)
class ClaimOf:
    """The instance names a claim, whose question it touches (also once it is deleted)."""

    attribute: str

    def question_ids(self, instance) -> set[int]:
        Claim = apps.get_model("claims", "Claim")  # models.py calls bump(): no import
        claims = Claim.objects.filter(pk=getattr(instance, self.attribute))
        return set(claims.values_list("question_id", flat=True))


# What each model shows on the comparison pages, as the questions it reaches.
# A model that does not exist (yet) is skipped, so a new one is one line here.
SHOWN_ON = {
    "claims.Question": Field("pk"),
    "claims.Claim": Field("question_id"),
    "claims.Event": Lookups(("event",)),
    "sources.Source": Lookups(("claims__source",)),
    "sources.Actor": Lookups(("claims__actor", "claims__place", "claims__source__outlet")),
    "claims.Verdict": Field("question_id"),
    "claims.Measure": Field("question_id"),
    "claims.ClaimRelation": ClaimOf("claim_id"),
}


def version_key(question_id: int) -> str:
    return f"comparison-version:{question_id}"


def page_key(slug: str) -> str:
    return f"comparison:{get_language()}:{slug}"


def bump(question_ids) -> bool:
    """Give these questions (and the data) a new version, now and again once the
    transaction commits; False if there were none.

    Now, so that this request's own next read misses; after the commit, so that no page
    rendered from the data as it was before the commit outlives it.
    """
    ids = {pk for pk in question_ids if pk is not None}
    if not ids:
        return False
    new_versions(ids)
    transaction.on_commit(lambda: new_versions(ids))
    return True


def new_versions(ids) -> None:
    token = secrets.token_hex(8)
    versions = {version_key(pk): token for pk in ids}
    # The pages that list questions of every event: any of them changing outdates them.
    cache.set_many(versions | {DATA_VERSION: token}, timeout=None)


def current_version(question_id: int) -> str:
    """The question's version; a missing one (never set, or evicted) becomes a fresh one."""
    key = version_key(question_id)
    cache.add(key, secrets.token_hex(8), timeout=None)
    return cache.get(key)


# The pages this process served last, by cache key: a hit then reads only the
# question's version from the shared cache, not the whole page again.
KEPT_PAGES = 500
kept: OrderedDict[str, dict] = OrderedDict()


def cached_page(slug: str) -> dict | None:
    """The page stored for this slug in the reader's language, if still current."""
    key = page_key(slug)
    page = kept.get(key)
    if page is not None and current(page):
        with suppress(KeyError):  # another thread may just have let it go
            kept.move_to_end(key)
        return page
    page = cache.get(key)
    if page is None or not current(page):
        return None
    keep(key, page)
    return page


def current(page: dict) -> bool:
    return cache.get(version_key(page["question_id"])) == page["version"]


def keep(key: str, page: dict) -> None:
    kept[key] = page
    with suppress(KeyError):
        kept.move_to_end(key)
        while len(kept) > KEPT_PAGES:
            kept.popitem(last=False)


DATA_VERSION = "data-version"


def data_version() -> str:
    """The data's version; a missing one (never set, or evicted) becomes a fresh one."""
    version = cache.get(DATA_VERSION)
    if version is None:
        cache.add(DATA_VERSION, secrets.token_hex(8), timeout=None)
        version = cache.get(DATA_VERSION)
    return version


def data_key(name: str = "front-page") -> str:
    """A key for `name` in the reader's language, under the current version of the data."""
    return f"{name}:{get_language()}:{data_version()}"


def new_data_version() -> None:
    cache.set(DATA_VERSION, secrets.token_hex(8), timeout=None)


def bump_data() -> None:
    """Outdate every page kept under the data's version: now, and once committed."""
    new_data_version()
    transaction.on_commit(new_data_version)


def kept_page(request, build) -> dict:
    """The page at this request's address (path and query) in the reader's language,
    as `build()` made it under the data's current version: built now if need be.

    Built from the primary, so that no replica's older data is kept under a new
    version; the version is read before the data, so that a change made while the page
    is built outdates it at once. A hit costs one read of the shared cache (the version)
    when this process served the page before, else two.
    """
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = data_key(f"page:{address}")
    page = kept.get(key)
    if page is None:
        page = cache.get(key)
        if page is None:
            take_page_build(request)
            page = build_once(key, build)
        keep(key, page)
    return page


# How long a page may take to build before another process builds it too.
BUILD_SECONDS = 10
WAIT_STEP_SECONDS = 0.02


def build_once(key: str, build):
    """Build the page and keep it, unless another process is building it right now:
    then take theirs. A change outdates every kept page at once, and readers ask for
    the same pages again at the same moment; each is built once, not once a reader.
    """
    lock, token = f"{key}:building", secrets.token_hex(8)
    deadline = time.monotonic() + BUILD_SECONDS
    while not (owned := cache.add(lock, token, timeout=BUILD_SECONDS)):
        time.sleep(WAIT_STEP_SECONDS)
        page = cache.get(key)
        if page is not None:
            return page
        if time.monotonic() > deadline:
            break  # the other builder is slow or gone: build it here too
    try:
        with primary():
            page = build()
        cache.set(key, page, PAGE_SECONDS)
    finally:
        # Only our own lock: another process's still tells the others to wait for it.
        if owned and cache.get(lock) == token:
            cache.delete(lock)
    return page


def store_page(slug: str, page: dict) -> None:
    cache.set(page_key(slug), page, PAGE_SECONDS)
    keep(page_key(slug), page)


def touched(instance) -> set[int]:
    rule = SHOWN_ON.get(instance._meta.label)
    return rule.question_ids(instance) if rule else set()


def before_save(sender, instance, raw=False, **kwargs):
    """An instance moved to another question bumps the one it leaves too."""
    rule = SHOWN_ON.get(sender._meta.label)
    if raw or not isinstance(rule, Field) or instance.pk is None or rule.attribute == "pk":
        return
    old = sender._base_manager.filter(pk=instance.pk).values_list(rule.attribute, flat=True)
    bump(set(old) - {getattr(instance, rule.attribute)})  # the new one: after_change


def after_change(sender, instance, **kwargs):
    # Renewing the questions' versions renews the data's too: one write, not two.
    bump(touched(instance)) or bump_data()


def after_m2m_change(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump(touched(instance)) or bump_data()


def after_any_change(sender, **kwargs):
    bump_data()


def after_any_m2m_change(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_data()


def dossier_models():
    """Every model the public pages read: the claims' and sources' apps, not histories."""
    for label in ("claims", "sources"):
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def connect() -> None:
    """Called from ClaimsConfig.ready()."""
    for label in SHOWN_ON:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        uid = f"comparison-cache:{label}"
        pre_save.connect(before_save, sender=model, dispatch_uid=uid)
        post_save.connect(after_change, sender=model, dispatch_uid=uid)
        post_delete.connect(after_change, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                after_m2m_change, sender=field.remote_field.through, dispatch_uid=uid
            )
    for model in dossier_models():
        if model._meta.label in SHOWN_ON:
            continue  # after_change renews the data's version
        uid = f"data-version:{model._meta.label}"
        post_save.connect(after_any_change, sender=model, dispatch_uid=uid)
        post_delete.connect(after_any_change, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                after_any_m2m_change, sender=field.remote_field.through, dispatch_uid=uid
            )
