"""A deleted author leaves a trace in the history of each source they wrote.

Deleting an actor removes them from their sources' authors without the m2m_changed
signal that records author changes, so the sources' new versions are recorded here.
"""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext

from .models import Actor, Source

# simple-history's column for the reason of a change holds 100 characters.
REASON_LENGTH = 100


@receiver(pre_delete, sender=Actor)
def remember_authored_sources(sender, instance, **kwargs):
    instance.authored_source_ids = list(instance.authored_sources.values_list("pk", flat=True))


@receiver(post_delete, sender=Actor)
def record_lost_author(sender, instance, **kwargs):
    reason = gettext("Author deleted: %(name)s") % {"name": instance.name}
    for source in Source.objects.filter(pk__in=getattr(instance, "authored_source_ids", [])):
        source._change_reason = reason[:REASON_LENGTH]
        source.save(update_fields=["updated_at"])
