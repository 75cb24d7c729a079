"""
A previewed import is written once, however often its "Confirm import" is clicked.

Each preview has a token (the stored file's generated name). Confirming inserts the
token in the transaction that writes the rows; the token is unique, so a second
confirmation of the same preview, even one sent at the same moment, finds it taken
and writes nothing (the idempotency key of a request sent twice).
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportConfirmationQuerySet(models.QuerySet):
    def confirm(self, token: str) -> bool:
        """Take the token, inside the caller's transaction: False if it was taken already.

        On PostgreSQL a second confirmation waits here until the first commits (and then
        finds the token taken) or rolls back (and then takes it); on SQLite the first
        holds the write lock until it commits.
        """
        try:
            with transaction.atomic(using=self.db):
                self.create(token=token)
        except IntegrityError:
            return False
        return True

    def expired(self):
        """Tokens of previews whose files are gone anyway: no longer needed."""
        cutoff = timezone.now() - timedelta(hours=settings.IMPORT_STORE_HOURS)
        return self.filter(confirmed_at__lt=cutoff)


class ImportConfirmation(models.Model):
    token = models.CharField(_("token"), max_length=32, unique=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    objects = ImportConfirmationQuerySet.as_manager()

    class Meta:
        verbose_name = _("confirmed import")
        verbose_name_plural = _("confirmed imports")

    def __str__(self):
        return self.token
