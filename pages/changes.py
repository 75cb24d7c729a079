"""
Changes said out loud: whatever writes data that kept pages show calls `changed()`,
naming what it changed, in the transaction that changes it.

Each name's version is renewed, so the pages that show it are built anew on their next
request, and no others. Every change renews "index" too: the index, its filters, the
lists and search show a little of everything.
"""

import secrets
from collections.abc import Iterable

from django.utils import timezone

from .models import Version

# Renewed by every change: the index, its filtered pages, the lists, search, the API's lists.
INDEX = "index"
# Every kept page depends on it: dropping the versions (a restore) renews every page.
EVERYTHING = "everything"
KINDS = ("question", "source", "actor", "event")


def name(kind: str, pk: int) -> str:
    """A version's name: name("question", 12) == "question:12"."""
    return f"{kind}:{pk}"


def names(kind: str, pks: Iterable) -> set[str]:
    return {name(kind, pk) for pk in pks if pk is not None}


def changed(
    *,
    questions=(),
    sources=(),
    actors=(),
    events=(),
    claims_of_sources=(),
    claims_of_actors=(),
) -> None:
    """Renew the pages that show these questions, sources, actors and events (by id;
    None is ignored), and the index.

    `claims_of_sources` and `claims_of_actors` renew only the pages that list the claims
    of those sources and actors (their own pages), not every page that names them: a
    claim saved changes what its source and actor said, not their names, and an outlet
    or a place is named on thousands of comparisons.

    Call it where the data changes, after the write or in its transaction: a page built
    between a version renewed and the data it names committed would keep old data.
    """
    renew(
        {INDEX}
        | names("question", questions)
        | names("source", sources)
        | names("actor", actors)
        | names("event", events)
        | names("claims-of-source", claims_of_sources)
        | names("claims-of-actor", claims_of_actors)
    )


def changed_objects(*objects) -> None:
    """Renew the pages that show these objects: each says which by its `renews()`
    (changed()'s arguments). Pass an object as it was and as it is when it moved."""
    changed(**merged(obj.renews() for obj in objects))


def merged(renewals: Iterable[dict]) -> dict[str, set]:
    """Several objects' renews() as one set of changed()'s arguments."""
    kinds = {}
    for renewal in renewals:
        for kind, pks in renewal.items():
            kinds.setdefault(kind, set()).update(pks)
    return kinds


def changed_everything() -> None:
    """Renew every kept page: after a restore, or a change too wide to name."""
    Version.objects.all().delete()
    renew({EVERYTHING, INDEX})


def renew(version_names: set[str]) -> None:
    value, now = secrets.token_hex(8), timezone.now()
    Version.objects.bulk_create(
        [Version(name=n, value=value, changed_at=now) for n in sorted(version_names)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["value", "changed_at"],
        batch_size=1000,
    )
