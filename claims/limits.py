"""
Anonymous full exports: a few at a time on the whole site, a few per visitor an hour.

An export of every claim reads the whole database; a handful of visitors looping on it
would slow every page. Editors (logged-in staff) are never limited. The counters live
in the cache, so they are shared by every worker that shares the cache.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from dossier.ratelimit import RateLimited, is_editor, take


def take_export_slot(request) -> str | None:
    """The cache key of the slot this export holds until it is sent; None for editors."""
    if is_editor(request):
        return None
    counter = take(
        request,
        "export",
        limit=settings.EXPORT_RATE_LIMIT,
        window=settings.EXPORT_RATE_WINDOW,
        message=_(
            "You have downloaded %(limit)d full exports in a short time. Please try again "
            "later, or use the API, which pages through the claims."
        )
        % {"limit": settings.EXPORT_RATE_LIMIT},
    )
    visitor = request.META.get("REMOTE_ADDR", "")
    for number in range(settings.EXPORT_CONCURRENCY):
        slot = f"export-slot:{number}"
        if cache.add(slot, visitor, settings.EXPORT_SLOT_SECONDS):
            return slot
    cache.decr(counter)  # refused, so not counted
    raise RateLimited(
        _("Other full exports are being sent right now. Please try again in a minute."),
        retry_after=settings.EXPORT_BUSY_RETRY_SECONDS,
    )


class Released:
    """A streamed response's pieces; when it is sent or dropped, its slot is given back."""

    def __init__(self, pieces, slot: str | None):
        self.pieces = pieces
        self.slot = slot

    def __iter__(self):
        return iter(self.pieces)

    def close(self):
        if self.slot:
            cache.delete(self.slot)
            self.slot = None
        self.pieces.close()
