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
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PUBLISHED = Status.PUBLISHED
# What an editor's preview shows beside the published work.
PREVIEWED = [Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED]


def person(related_name: str, verbose_name) -> models.ForeignKey:
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
    drafted_by = person("+", _("drafted by"))
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True, editable=False)
    reviewed_by = person("+", _("reviewed by"))
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    corrected_at = models.DateTimeField(_("last corrected"), null=True, blank=True, editable=False)
    # The reviewer's word to the author when sending it back, or to readers when withdrawing.
    review_note = models.TextField(_("review note"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN


def publish_permission(model) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def may_review(user, model) -> bool:
    """Whether the user may publish, send back, correct and withdraw such objects."""
    return user.is_active and user.has_perm(publish_permission(model))


def may_publish(user, obj) -> bool:
    """A reviewer publishes another's work; their own only where the setting allows it."""
    own = obj.drafted_by_id is not None and obj.drafted_by_id == user.pk
    return may_review(user, type(obj)) and (not own or settings.DOSSIER_PUBLISH_OWN_WORK)
