"""The same text again: exactly (its whitespace aside), or largely (a republication).

Each source's text is kept as a fingerprint: the SHA-256 of its words, and a sketch of
SKETCH hashes, the smallest of the hashes of its runs of SHINGLE words. Two texts that
share most of their runs share most of their smallest hashes, so only the sources
sharing several of a document's hashes (one indexed query) are compared word by word.
"""

import hashlib
import re

from django.db import transaction
from django.db.models import Count, F, Q
from rapidfuzz import fuzz

from sources.models import Source

from .models import Fingerprint, Shingle

SHINGLE = 5  # words a run
SKETCH = 64  # hashes kept of each text
# Sources sharing at least this many of a document's hashes are compared closely.
SHARED_HASHES = 4
# A text scoring this much or more against another (0–100) largely repeats it.
REPUBLICATION_SCORE = 80
WORD = re.compile(r"\w+")


def normalised(text: str) -> str:
    """The text with every run of whitespace one space, for comparing."""
    return " ".join(text.split())


def text_sha256(text: str) -> str:
    return hashlib.sha256(normalised(text).encode()).hexdigest()


def sketch(text: str) -> list[int]:
    """The SKETCH smallest hashes of the text's runs of SHINGLE words (lower-cased)."""
    words = WORD.findall(text.lower())
    runs = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    hashes = {
        int.from_bytes(hashlib.blake2b(run.encode(), digest_size=8).digest(), "big", signed=True)
        for run in runs
        if run
    }
    return sorted(hashes)[:SKETCH]


def fingerprint(source: Source) -> None:
    """Keep the source's fingerprint anew."""
    with transaction.atomic():
        Fingerprint.objects.update_or_create(
            source=source, defaults={"text_sha256": text_sha256(source.text)}
        )
        Shingle.objects.filter(source=source).delete()
        Shingle.objects.bulk_create(Shingle(source=source, hash=h) for h in sketch(source.text))


def fingerprint_changed_sources() -> int:
    """Fingerprint the sources with none, or changed since theirs (edited in the admin);
    returns how many. After the first run only the few edited since are read."""
    stale = Source.objects.filter(
        Q(fingerprint__isnull=True) | Q(updated_at__gt=F("fingerprint__made_at"))
    ).only("text")
    count = 0
    for source in stale.iterator(chunk_size=100):
        fingerprint(source)
        count += 1
    return count


def same_text(text: str) -> Source | None:
    """The source whose text is this one's, whitespace aside."""
    return Source.objects.filter(fingerprint__text_sha256=text_sha256(text)).order_by("pk").first()


def score(text: str, other: str) -> int:
    """How much of one text the other repeats, 0–100: the shorter one found within the
    longer, word sets compared (token_set_ratio)."""
    a, b = normalised(text).lower(), normalised(other).lower()
    return round(fuzz.token_set_ratio(a, b))


def candidates(text: str) -> list[int]:
    """The sources sharing at least SHARED_HASHES of the text's sketch, most shared first."""
    hashes = sketch(text)
    if not hashes:
        return []
    needed = min(SHARED_HASHES, len(hashes))
    rows = (
        Shingle.objects.filter(hash__in=hashes)
        .values("source")
        .annotate(shared=Count("pk"))
        .filter(shared__gte=needed)
        .order_by("-shared")[:20]
    )
    return [row["source"] for row in rows]


def likely_republication(text: str, exclude=()) -> tuple[Source, int] | None:
    """The source this text largely repeats, and how much (0–100), if any."""
    best = None
    sources = Source.objects.filter(pk__in=candidates(text)).exclude(pk__in=exclude)
    for source in sources.only("pk", "title", "text"):
        points = score(text, source.text)
        if points >= REPUBLICATION_SCORE and (best is None or points > best[1]):
            best = (source, points)
    return best
