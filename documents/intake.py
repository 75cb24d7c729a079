"""The one path every document takes, from the admin's upload, `ingest` and the demo:
stored under its SHA-256, read in the background, checked against the sources held, then
a draft to confirm (or, for batch use, a source at once).

A worker may be killed at any moment: what reading gives (the document's ready state, and
its source when it is made at once) is written in one transaction at the end, and a
document left "reading" past DOCUMENT_READING_TIMEOUT_SECONDS is queued again
(queue_stuck(), run by every worker's next task and by `ingest`).
"""

import hashlib
import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from pages.changes import changed
from sources.models import Source

from . import likeness
from .drafts import make_source, proposal
from .extraction import Refused, extract
from .models import Document, original_name

# The languages the extraction tells apart by default.
LANGUAGES = ("en", "de")


@dataclass
class Stored:
    document: Document
    new: bool  # False: the same file was already in, and this is that document


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(
    data: bytes, name: str, *, user=None, confirm=False, content_type="", queue=True
) -> Stored:
    """Keep the original under its SHA-256 and queue its reading once the caller's
    transaction commits. The same bytes again give the document already held."""
    digest = sha256_of(data)
    held = Document.objects.filter(sha256=digest).first()
    if held is not None:
        return Stored(held, new=False)
    document = Document(
        sha256=digest,
        name=name[:255],
        size=len(data),
        content_type=(content_type or mimetypes.guess_type(name)[0] or "")[:100],
        uploaded_by=user,
        confirm_when_read=confirm,
    )
    path = original_name(document, name)
    if document.file.storage.exists(path):  # kept before a run stopped short of its row
        document.file.name = path
    else:
        document.file.save(name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # another upload of the same bytes won the race
        return Stored(Document.objects.get(sha256=digest), new=False)
    if queue:
        transaction.on_commit(lambda: read_document.enqueue(document.pk))
    return Stored(document, new=True)


@task()
def read_document(document_id: int) -> str:
    """Read one document: the task every worker runs. Returns its state."""
    queue_stuck()
    now = timezone.now()
    # Taken by one worker only: the update succeeds for the first that asks.
    taken = (
        Document.objects.filter(pk=document_id)
        .filter(state=Document.State.WAITING)
        .update(state=Document.State.READING, started_at=now)
    ) or Document.objects.stuck(now).filter(pk=document_id).update(started_at=now)
    if not taken:
        return "taken"
    document = Document.objects.get(pk=document_id)
    with document.file.open("rb") as original:
        data = original.read()
    try:
        extracted = extract(data, document.name, LANGUAGES, max_bytes=settings.DOCUMENT_MAX_BYTES)
    except Refused as error:
        refuse(document, error)
        return document.state
    with transaction.atomic():
        finish(document, extracted)
    return document.state


def refuse(document: Document, refusal: Refused, **fields) -> None:
    """Refused, for the reason given: kept as its English message and its values, so
    that each editor reads it in their own language (Document.reason_shown)."""
    with translation.override("en"):
        message = str(refusal.message)
    params = {
        name: value if isinstance(value, int | float) else str(value)
        for name, value in refusal.params.items()
    }
    Document.objects.filter(pk=document.pk).update(
        state=Document.State.REFUSED,
        reason=message,
        reason_params=params,
        read_at=timezone.now(),
        **fields,
    )
    document.refresh_from_db()


def finish(document: Document, extracted) -> None:
    """What reading gave, written at once: refused as a duplicate, or ready (a draft,
    or its source made now). Runs inside the caller's transaction."""
    likeness.fingerprint_changed_sources()
    text = extracted.text
    digest = likeness.text_sha256(text)
    if (source := likeness.same_text(text)) is not None:
        refuse(
            document,
            Refused(_("The same text is already the source “%(title)s”."), title=source.title),
            duplicate_of=source,
            text_sha256=digest,
        )
        return
    twin = (
        Document.objects.filter(text_sha256=digest)
        .exclude(pk=document.pk)
        .exclude(state=Document.State.REFUSED)
        .first()
    )
    if twin is not None:
        refuse(
            document,
            Refused(_("The same text is already in, from “%(name)s”."), name=twin),
            duplicate_of_document=twin,
            text_sha256=digest,
        )
        return
    document.text = text
    document.text_sha256 = digest
    document.method = extracted.method
    document.ocr = extracted.ocr
    document.pages = [[start, end] for start, end in extracted.pages]
    document.draft = {
        "title": extracted.title,
        "outlet": extracted.outlet,
        "authors": list(extracted.authors),
        "published_on": extracted.published_on.isoformat() if extracted.published_on else "",
        "published_precision": extracted.published_precision,
        "url": extracted.url,
        "language": extracted.language,
        "kind": extracted.kind,
    }
    if match := likeness.likely_republication(text):
        document.likely_republishes, document.likeness = match
    document.state = Document.State.READY
    document.read_at = timezone.now()
    document.reason = ""
    document.save()
    if document.confirm_when_read:
        try:
            with transaction.atomic():
                attach(document, make_source(document, proposal(document)))
        except ValidationError as error:  # left a draft, for an editor to complete
            document.reason = " ".join(error.messages)
            document.save(update_fields=["reason"])


def attach(document: Document, source: Source) -> None:
    """The document gave this source: linked, fingerprinted, its pages renewed."""
    document.source = source
    document.save(update_fields=["source"])
    likeness.fingerprint(source)
    changed(**source.renews())


def queue_stuck(now=None) -> int:
    """Queue again the documents whose worker stopped mid-file; returns how many."""
    stuck = list(Document.objects.stuck(now).values_list("pk", flat=True))
    for pk in stuck:
        # Waiting again, so that the next worker to ask takes it.
        if Document.objects.stuck(now).filter(pk=pk).update(state=Document.State.WAITING):
            transaction.on_commit(lambda pk=pk: read_document.enqueue(pk))
    return len(stuck)


def bring_in_text_of(source: Source) -> Document:
    """Keep a source's text as its original document. The text stays as it is, not
    brought to the shape an upload's text is (single spaces, no soft hyphens), because
    the source's quotes are verbatim from it; its language is found as an upload's is."""
    stored = store(source.text.encode(), f"{source.slug}.txt", queue=False)
    document = stored.document
    extracted = extract(source.text.encode(), document.name, LANGUAGES)
    document.text = source.text
    document.text_sha256 = likeness.text_sha256(source.text)
    document.method = extracted.method
    document.draft = {"language": extracted.language, "kind": extracted.kind}
    document.state = Document.State.READY
    document.read_at = timezone.now()
    document.save()
    attach(document, source)
    return document
