"""
How many requests of one kind a visitor may make in a window of time.

Counters live in the cache, so every worker that shares the cache shares them; each
window starts afresh. Editors (logged-in staff) are never limited: they are few, and
known. A refusal is answered 429 with Retry-After by `RateLimitMiddleware`, wherever it
was raised.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _


class RateLimited(Exception):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def is_editor(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def take(request, kind: str, *, limit: int, window: int, message: str) -> str | None:
    """Count one request of this kind for the visitor; RateLimited past `limit` a window.

    Returns the counter, so that a request refused later for another reason can be given
    back (`cache.decr`); a refused request is not counted, so a visitor who waits is
    served again. None for editors.
    """
    if is_editor(request):
        return None
    visitor = request.META.get("REMOTE_ADDR", "")
    now = int(time.time())
    window_ends = now - now % window + window
    counter = f"rate:{kind}:{visitor}:{window_ends}"
    cache.add(counter, 0, window)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, window)
        count = 1
    if count > limit:
        cache.decr(counter)
        raise RateLimited(message, retry_after=window_ends - now)
    return counter


def take_page_build(request) -> None:
    """Count a page this visitor makes the site build anew: a search, a filter."""
    take(
        request,
        "build",
        limit=settings.PAGE_BUILD_RATE_LIMIT,
        window=settings.PAGE_BUILD_RATE_WINDOW,
        message=_(
            "You have asked for %(limit)d new searches or filtered pages in a short time. "
            "Please wait a moment and try again."
        )
        % {"limit": settings.PAGE_BUILD_RATE_LIMIT},
    )


def too_many_requests(request, limited: RateLimited):
    response = render(request, "429.html", {"message": str(limited)}, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


class RateLimitMiddleware:
    """Answers a RateLimited raised by any view with 429 and when to try again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None
