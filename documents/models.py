"""Documents brought in: each original file kept under its SHA-256, what reading it
gave, and the source it became."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sources.models import Source


class DocumentsStorage(LazyObject):
    """The "documents" storage of settings.STORAGES (the media folder, or S3), looked
    up when first used, as Django's default_storage is."""

    def _setup(self):
        self._wrapped = storages["documents"]


originals = DocumentsStorage()


def documents_storage():
    return originals


def original_name(document: "Document", filename: str) -> str:
    """Originals are named by their content: two uploads of one file are one file."""
    return f"{document.sha256[:2]}/{document.sha256}"


class DocumentQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state__in=[Document.State.WAITING, Document.State.READING])

    def stuck(self, now=None):
        """Documents whose worker stopped mid-file: reading for longer than the limit."""
        limit = (now or timezone.now()) - timezone.timedelta(
            seconds=settings.DOCUMENT_READING_TIMEOUT_SECONDS
        )
        return self.filter(state=Document.State.READING, started_at__lt=limit)

    def drafts(self):
        """Read, and waiting for an editor to confirm the source they give."""
        return self.filter(state=Document.State.READY, source__isnull=True)


class Document(models.Model):
    """One original file (or pasted text) and what reading it gave."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        READING = "reading", _("Reading")
        READY = "ready", _("Ready")
        REFUSED = "refused", _("Refused")

    file = models.FileField(
        _("original"), storage=documents_storage, upload_to=original_name, max_length=200
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    name = models.CharField(_("original name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=100, blank=True)

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    # Kept as its English message and its values, and shown in the reader's language: a
    # worker refuses in no one's language in particular.
    reason = models.TextField(_("why it was refused"), blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    method = models.CharField(_("extraction method"), max_length=100, blank=True)
    ocr = models.BooleanField(_("read by OCR"), default=False)
    text = models.TextField(_("text read"), blank=True)
    # The text with its whitespace normalised, hashed: the same article brought in twice.
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, blank=True)
    # What the document says of itself, proposed to the editor who confirms the source:
    # title, outlet, authors, published_on, published_precision, url, language.
    draft = models.JSONField(_("proposed details"), default=dict, blank=True)
    # Where each page of a PDF begins and ends in the text, [start, end] in page order (a
    # page without text has start == end), so that a claim can cite its page; empty for
    # the other formats.
    pages = models.JSONField(_("pages"), default=list, blank=True)

    source = models.OneToOneField(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document",
        verbose_name=_("source"),
    )
    # A refused duplicate: the source (or the document) that already holds it.
    duplicate_of = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate of"),
    )
    duplicate_of_document = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The source this text largely repeats, if any, and how much (0–100).
    likely_republishes = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("likely republication of"),
    )
    likeness = models.PositiveSmallIntegerField(_("likeness"), null=True, blank=True)
    # `ingest --confirm`: the source is made when the document is read, with no draft.
    confirm_when_read = models.BooleanField(default=False)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    started_at = models.DateTimeField(_("reading started"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # A text brought in again: Document.objects.filter(text_sha256=…)
            models.Index(fields=["text_sha256"], name="documents_text_sha256"),
            # The states page: the documents still pending, and the stuck ones.
            models.Index(fields=["state", "started_at"], name="documents_state"),
        ]

    def __str__(self):
        return self.name or self.sha256[:12]

    def get_absolute_url(self):
        return reverse("admin:documents_document_change", args=[self.pk])

    @property
    def reason_shown(self) -> str:
        """Why it was refused, in the reader's language."""
        text = gettext(self.reason) if self.reason else ""
        return text % self.reason_params if self.reason_params else text

    def original_url(self):
        return reverse("documents:original", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.WAITING, self.State.READING)


class Fingerprint(models.Model):
    """A source's text, hashed whole and sampled, for finding the same text again."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="fingerprint")
    text_sha256 = models.CharField(max_length=64, db_index=True)
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fingerprint")

    def __str__(self):
        return self.text_sha256


class Shingle(models.Model):
    """One of the hashes sampled from a source's runs of words (its sketch): sources
    that share many are compared closely, the others never."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    hash = models.BigIntegerField()

    class Meta:
        indexes = [
            # likeness.candidates(): the sources sharing a document's hashes
            models.Index(fields=["hash", "source"], name="documents_shingle_hash"),
        ]

    def __str__(self):
        return str(self.hash)
