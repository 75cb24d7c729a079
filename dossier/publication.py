"""
Review before publishing: readers see what a second person published, and nothing else.

Claims, questions, verdicts and sources inherit `Reviewed`: each is a draft, in review,
published or withdrawn. New work starts as a draft; a reviewer (the permission
`publish_<model>`, held by the Reviewers group) publishes it or sends it back, never
their own work unless DOSSIER_PUBLISH_OWN_WORK allows it (a team of one). A published
object that changes is corrected in the open: the change and its reason stay in its
history, which readers see as published versions only. The moves themselves are in
claims/review.py; this module holds the states and the rules they obey.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLISHED = Status.PUBLISHED
WITHDRAWN = Status.WITHDRAWN


def person(verbose_name) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class Reviewed(models.Model):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        editable=False,
        help_text=_("Readers see only what is published."),
    )
    # Whose work it is: who made it or last sent it for review. They cannot publish it.
    drafted_by = person(_("drafted by"))
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True, editable=False)
    reviewed_by = person(_("reviewed by"))
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    corrected_at = models.DateTimeField(_("last corrected"), null=True, blank=True, editable=False)
    # The reviewer's word to the author when sending it back, or to readers when withdrawing.
    review_note = models.TextField(_("review note"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Whatever publishes it (a reviewer, a command, a test), it was first published now.
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN


def previewing(request) -> bool:
    """An editor's preview (?preview=1): drafts shown and marked, built for them alone and
    never kept for anyone else."""
    user = request.user
    return request.GET.get("preview") == "1" and user.is_authenticated and user.is_staff


def publish_permission(model) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def may_review(user, model) -> bool:
    """Whether the user may publish, send back, correct and withdraw such objects."""
    return user.is_active and user.has_perm(publish_permission(model))


def may_publish(user, obj) -> bool:
    """A reviewer publishes another's work; their own only where the setting allows it."""
    own = obj.drafted_by_id is not None and obj.drafted_by_id == user.pk
    return may_review(user, type(obj)) and (not own or settings.DOSSIER_PUBLISH_OWN_WORK)


def keep_published_version(model, pks) -> None:
    """Before a correction, the version readers saw, in the history of objects that have
    none (loaded by a fixture or a restore, which record no history): the correction is
    then told apart from it, field by field."""
    recorded = model.history.filter(id__in=pks).values("id")
    bare = list(
        model._base_manager.filter(pk__in=pks, status=Status.PUBLISHED).exclude(pk__in=recorded)
    )
    for obj in bare:
        obj._history_date = obj.published_at or obj.updated_at
    records = model.history.bulk_history_create(bare) if bare else []
    for obj, record in zip(bare, records, strict=True):
        for field in getattr(record, "_history_m2m_fields", []):
            # With the many-to-many values it had (a verdict's claims), as simple-history
            # records them on a save.
            through = getattr(obj, field.name).through
            kept = getattr(record, field.name).model
            rows = through.objects.filter(**{field.m2m_field_name(): obj})
            kept.objects.bulk_create(
                kept(history=record, **{f.name: getattr(row, f.name) for f in through._meta.fields})
                for row in rows
            )


def correcting(obj, reason: str) -> None:
    """Make the coming save of a published object a correction readers see: dated, its
    reason in the history, told apart there from the version they saw."""
    keep_published_version(type(obj), [obj.pk])
    obj.corrected_at = timezone.now()
    obj._change_reason = reason
