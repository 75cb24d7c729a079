from django.db import models
from django.utils.translation import gettext_lazy as _


class Version(models.Model):
    """The version of one thing kept pages show ("question:12", "source:4", "index").

    Kept in the database, not in a cache: every process that serves or writes (each
    app server's workers with a cache of their own, commands, the shell) sees the same
    versions, and a change's new version commits or rolls back with the change.
    A name without a row has never changed since the versions were last dropped.
    """

    name = models.CharField(_("name"), max_length=60, primary_key=True)
    value = models.CharField(_("value"), max_length=32)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")

    def __str__(self):
        return f"{self.name}: {self.value}"
