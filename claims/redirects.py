"""
A merged question's addresses lead to its survivor, forever: the comparison, its
exports and citations, the API's question and the API's claims of the question answer
301 to the same address with the survivor's slug.

Looked up only when no question has the slug (a 404 on its way out): a current
question's pages cost no query more.
"""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from .models import QuestionRedirect


def follows_merges(view):
    """For a view of a question by its slug: a merged question's slug answers 301."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            response = redirect_to_survivor(request, kwargs.get("slug", ""))
            if response is None:
                raise
            return response

    return wrapped


def redirect_to_survivor(request, slug: str) -> HttpResponsePermanentRedirect | None:
    """The same address with the survivor's slug, if the slug was a merged question's."""
    survivor = QuestionRedirect.objects.survivor_slug(slug)
    if survivor is None:
        return None
    match = request.resolver_match
    path = reverse(match.view_name, args=match.args, kwargs=match.kwargs | {"slug": survivor})
    return HttpResponsePermanentRedirect(with_query(path, request.GET.urlencode()))


def redirect_filter_to_survivor(request, parameter: str) -> HttpResponsePermanentRedirect | None:
    """A list filtered by a merged question's slug (`?question=old`): the same list,
    filtered by the survivor's."""
    survivor = QuestionRedirect.objects.survivor_slug(request.GET.get(parameter, ""))
    if survivor is None:
        return None
    query = request.GET.copy()
    query[parameter] = survivor
    return HttpResponsePermanentRedirect(with_query(request.path, query.urlencode()))


def with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path
