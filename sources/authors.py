"""
A deleted author leaves a trace in the history of each source they wrote.

Deleting an actor removes them from their sources' authors without the m2m_changed
signal that records author changes, so whoever deletes actors (the admin) does it
inside `lost_authors()`, which records each source's new version.
"""

from contextlib import contextmanager

from django.utils.translation import gettext

from .models import Source

# simple-history's column for the reason of a change holds 100 characters.
REASON_LENGTH = 100


@contextmanager
def lost_authors(actors):
    """Delete these actors inside the block: their sources' histories record the loss."""
    wrote = {
        actor.name: list(Source.objects.filter(authors=actor).values_list("pk", flat=True))
        for actor in actors
    }
    yield
    for name, source_ids in wrote.items():
        reason = gettext("Author deleted: %(name)s") % {"name": name}
        for source in Source.objects.filter(pk__in=source_ids):
            source._change_reason = reason[:REASON_LENGTH]
            source.save(update_fields=["updated_at"])
