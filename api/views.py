"""
The read-only JSON API. Every list is filtered with a FilterSet (a value it cannot
read answers 400 with the errors) and paginated; each fetches its page in a fixed
number of queries.
"""

import re

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.exceptions import ParseError

from claims.filters import QuestionFilter
from claims.models import Claim, Event, Question
from sources.models import Actor, Source

from . import serializers
from .filters import (
    ActorFilter,
    ClaimListFilter,
    EventFilter,
    QuestionFilterBackend,
    SourceFilter,
)

# What a slug is made of (as the pages' <slug:…> paths): anything else, a NUL
# included, is no object's slug, and is answered 404 before any database sees it.
SLUG_PATTERN = "[-a-zA-Z0-9_]+"

# An API version, if ever given: it names the schema file in a response header.
VERSION = re.compile(r"[A-Za-z0-9._-]{1,20}")


def check_version(request):
    version = request.GET.get("version")
    if version is not None and not VERSION.fullmatch(version):
        raise ParseError(_("An API version is a short name of letters, digits, dots or dashes."))


class SchemaView(SpectacularAPIView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        check_version(request)
        return super().get(request, *args, **kwargs)


class DocsView(SpectacularSwaggerSplitView):
    """The API's documentation page: read, never posted to or asked for options. Its
    script is served from its own address (?script), as the Content-Security-Policy
    allows no inline script."""

    template_name = "api/docs.html"
    http_method_names = ["get", "head"]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        check_version(request)
        return super().get(request, *args, **kwargs)


def claims_for_api():
    # A claim names its source; the source's long text is for its own endpoint.
    return Claim.objects.select_related("question", "source", "actor", "place").defer(
        "source__text"
    )


class QuestionViewSet(viewsets.ReadOnlyModelViewSet):
    """Questions with every claim that answers them. Filters as on the index."""

    queryset = Question.objects.for_index().prefetch_related(
        Prefetch("claims", queryset=claims_for_api().order_by("pk"))
    )
    serializer_class = serializers.QuestionSerializer
    filter_backends = [QuestionFilterBackend]
    filterset_class = QuestionFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Claims, one source's answer each. Filters as on the index, plus question and event."""

    queryset = claims_for_api().order_by("question__slug", "pk")
    serializer_class = serializers.ClaimSerializer
    filterset_class = ClaimListFilter
    lookup_value_regex = "[0-9]{1,18}"


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Sources; a single source comes with its full text."""

    queryset = (
        Source.objects.select_related("outlet", "parent")
        .prefetch_related("authors")
        .order_by("-published_on", "title")
    )
    filterset_class = SourceFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.action == "retrieve" else queryset.defer("text")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SourceDetailSerializer
        return serializers.SourceSerializer


class ActorViewSet(viewsets.ReadOnlyModelViewSet):
    """People, bodies, outlets and places, with every spelling the sources use."""

    queryset = Actor.objects.prefetch_related("aliases").order_by("name")
    serializer_class = serializers.ActorSerializer
    filterset_class = ActorFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """The events the questions are about."""

    queryset = Event.objects.select_related("place", "parent").order_by("starts_on", "name")
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
