"""A read document as a source to confirm: its details matched to the actors held,
and the source made from what the editor confirms."""

import unicodedata
from datetime import date

from django.db.models import Q
from django.utils.text import slugify

from sources.models import Actor, DatePrecision, Source


def folded(name: str) -> str:
    """A name without case, accents, spaces or punctuation: a page's “Deutsche
    Wirtschaftsnachrichten” is the “Deutsche Wirtschafts Nachrichten” held."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def matching_actor(name: str) -> Actor | None:
    """The actor of this name, or of an alias spelled so (case, accents, spaces and
    punctuation aside), if exactly one."""
    key = folded(name)
    if not key:
        return None
    # Those whose name or alias begins with the same letter, compared in full here.
    start = name.strip()[:1]
    candidates = (
        Actor.objects.filter(Q(name__istartswith=start) | Q(aliases__name__istartswith=start))
        .distinct()
        .prefetch_related("aliases")
    )
    found = [
        actor
        for actor in candidates
        if key == folded(actor.name) or any(key == folded(a.name) for a in actor.aliases.all())
    ]
    return found[0] if len(found) == 1 else None


def proposal(document) -> dict:
    """The draft source's fields, as the confirmation form's initial values."""
    draft = document.draft
    try:
        published_on = date.fromisoformat(draft.get("published_on") or "")
    except ValueError:
        published_on = None
    precision = draft.get("published_precision") or ""
    if published_on and precision not in DatePrecision.values:
        precision = DatePrecision.DAY
    kind = draft.get("kind")
    outlet = matching_actor(draft.get("outlet", ""))
    return {
        "title": (draft.get("title") or document.name)[:300],
        "outlet": outlet,
        "new_outlet": "" if outlet else draft.get("outlet", ""),
        "authors": ", ".join(draft.get("authors") or []),
        "published_on": published_on,
        "published_precision": precision if published_on else "",
        "url": draft.get("url") or "",
        "language": draft.get("language") or "en",
        "kind": kind if kind in Source.Kind.values else Source.Kind.NEWS_REPORT,
        "text": document.text,
        "republishes": document.likely_republishes,
    }


def unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "source"
    slug, number = base, 1
    while Source.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def authors_named(names: str) -> list[Actor]:
    """The actors of these comma-separated names: matched by name or alias, else new."""
    actors = []
    for name in (part.strip() for part in names.split(",")):
        if not name:
            continue
        actor = matching_actor(name)
        if actor is None:
            actor = Actor.objects.create(
                kind=Actor.Kind.PERSON, name=name[:200], slug=unique_actor_slug(name)
            )
        actors.append(actor)
    return actors


def unique_actor_slug(name: str) -> str:
    base = slugify(name)[:180] or "actor"
    slug, number = base, 1
    while Actor.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def make_source(document, data: dict) -> Source:
    """The confirmed source (the caller links the document to it, in one transaction)."""
    outlet = data.get("outlet")
    if outlet is None and data.get("new_outlet", "").strip():
        name = data["new_outlet"].strip()
        outlet = Actor.objects.create(
            kind=Actor.Kind.MEDIA_OUTLET, name=name[:200], slug=unique_actor_slug(name)
        )
    source = Source(
        title=data["title"],
        slug=data.get("slug") or unique_slug(data["title"]),
        outlet=outlet,
        published_on=data.get("published_on"),
        published_precision=data.get("published_precision") or "",
        url=data.get("url") or "",
        language=data.get("language") or "en",
        kind=data.get("kind") or Source.Kind.NEWS_REPORT,
        text=data["text"],
        republishes=data.get("republishes"),
        # A draft of whoever brought the document in: a reviewer publishes it.
        drafted_by=document.uploaded_by,
    )
    source.full_clean()
    source.save()
    source.authors.set(authors_named(data.get("authors", "")))
    return source
