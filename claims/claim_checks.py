"""Claims an editor should read again against their source: two slips found by reading.

- An as-of date that is the source's publication date: often only the day the article
  appeared, not the day the figure held.
- A claim credited to an actor whose passage (the sentence that holds the quote, the three
  before it and the one after, within its paragraph) names neither the actor nor any of
  its spellings: the speaker may be someone else.

Neither is always wrong; each is a place to look. Reading a name cannot tell whether the
passage names the actor as its speaker or only mentions it: a passage that names no one
of the actor's names is what is found.
"""

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F

from sources.models import Actor, ActorAlias, Source
from sources.text import QuoteFinder

from .coverage import Sentences
from .models import Claim


@dataclass
class Finding:
    claim: Claim
    source: Source
    check: str  # what the editor should check

    def __str__(self) -> str:
        claim = self.claim
        return (
            f"claim {claim.pk} ({claim.question.slug}: “{claim.stated_value}”), "
            f"source {self.source.slug}: {self.check}"
        )


def as_of_publication_dates(sources) -> Iterator[Finding]:
    """Claims whose as-of date, with its precision, is their source's publication date."""
    claims = (
        Claim.objects.filter(
            source__in=sources,
            as_of=F("source__published_on"),
            as_of_precision=F("source__published_precision"),
        )
        .select_related("question", "source")
        .defer("source__text")
        .order_by("source__slug", "pk")
    )
    for claim in claims:
        yield Finding(
            claim,
            claim.source,
            f"its as-of date {claim.as_of_display} is the day the source was published; "
            "check that the figure held then, and not only that the article appeared then "
            "(else clear the as-of date)",
        )


def unnamed_speakers(sources) -> Iterator[Finding]:
    """Claims credited to an actor that the quote's passage does not name."""
    claims = Claim.objects.filter(source__in=sources, actor__isnull=False)
    names = speaker_names(claims.values("actor_id"))
    by_source: dict[int, list[Claim]] = {}
    for claim in claims.select_related("question", "actor").order_by("pk"):
        by_source.setdefault(claim.source_id, []).append(claim)
    for source in Source.objects.filter(pk__in=by_source).order_by("slug"):
        finder, sentences = QuoteFinder(source.text), Sentences(source.text)
        for claim in by_source[source.pk]:
            if not named_in(passage(claim.quote, finder, sentences), names[claim.actor_id]):
                yield Finding(
                    claim,
                    source,
                    f"credited to {claim.actor.name} (actor {claim.actor.slug}), but the "
                    "passage it quotes names the actor by none of its names or spellings; "
                    "check who says it (or give the actor the spelling the source uses)",
                )


# A speaker is often named a few sentences before what they said ("Tokajew sagte …
# Er fügte hinzu …"), or just after it ("…", sagte er): the passage reaches that far,
# within its paragraph (lines may be wrapped: a paragraph ends at an empty line).
SENTENCES_BEFORE, SENTENCES_AFTER = 3, 1


def passage(quote: str, finder: QuoteFinder, sentences: Sentences) -> str:
    """The quote, its sentence, and the sentences around it in its paragraph."""
    found = finder.find(quote)
    if found is None:
        return quote  # verify_quotes reports it
    text, ends = sentences.text, sentences.ends
    first = bisect.bisect_right(ends, found[0]) - 1
    last = bisect.bisect_left(ends, found[1])
    start = ends[max(0, first - SENTENCES_BEFORE)]
    end = ends[min(len(ends) - 1, last + SENTENCES_AFTER)]
    paragraph_start = text.rfind("\n\n", start, found[0]) + 1
    paragraph_end = text.find("\n\n", found[1], end)
    return text[max(start, paragraph_start) : paragraph_end if paragraph_end != -1 else end]


def speaker_names(actor_ids) -> dict[int, list[str]]:
    """Each actor's names: its name, its spellings, and a person's surname."""
    names: dict[int, list[str]] = {}
    for pk, kind, name in Actor.objects.filter(pk__in=actor_ids).values_list("pk", "kind", "name"):
        names[pk] = [name]
        if kind == Actor.Kind.PERSON and len(name.split()) > 1:
            names[pk].append(name.split()[-1])  # "Putin" names Vladimir Putin
    aliases = ActorAlias.objects.filter(actor__in=actor_ids).order_by("name")
    for pk, alias in aliases.values_list("actor_id", "name"):
        names[pk].append(alias)
    return {pk: list(dict.fromkeys(spellings)) for pk, spellings in names.items()}


def named_in(passage: str, names: list[str]) -> bool:
    """Does the passage name one of the names, as a word of its own or the start of one
    (“Tokajews”, a German genitive), case and spacing aside?"""
    text = " ".join(passage.casefold().split())
    return any(
        re.search(r"(?<!\w)" + re.escape(" ".join(name.casefold().split())), text)
        for name in names
        if name.strip()
    )
