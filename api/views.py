"""
The read-only JSON API. Every list is filtered with a FilterSet (a value it cannot
read answers 400 with the errors) and paginated; each fetches its page in a fixed
number of queries.
"""

from django.db.models import Prefetch
from rest_framework import viewsets

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


def claims_for_api():
    # A claim names its source; the source's long text is for its own endpoint.
    return (
        Claim.objects.select_related("question", "source", "actor", "place", "measure")
        .defer("source__text")
        .prefetch_related("relations")
    )


class QuestionViewSet(viewsets.ReadOnlyModelViewSet):
    """Questions with every claim that answers them. Filters as on the index."""

    queryset = Question.objects.for_index().prefetch_related(
        Prefetch("claims", queryset=claims_for_api().order_by("pk")),
        # only run when a question on the page has a verdict
        Prefetch("verdict__rests_on", queryset=Claim.objects.only("pk").order_by("pk")),
    )
    serializer_class = serializers.QuestionSerializer
    filter_backends = [QuestionFilterBackend]
    filterset_class = QuestionFilter
    lookup_field = "slug"


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Claims, one source's answer each. Filters as on the index, plus question and event."""

    queryset = claims_for_api().order_by("question__slug", "pk")
    serializer_class = serializers.ClaimSerializer
    filterset_class = ClaimListFilter


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Sources; a single source comes with its full text."""

    queryset = (
        Source.objects.select_related("outlet", "parent")
        .prefetch_related("authors")
        .order_by("-published_on", "title")
    )
    filterset_class = SourceFilter
    lookup_field = "slug"

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


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """The events the questions are about."""

    queryset = Event.objects.select_related("place", "parent").order_by("starts_on", "name")
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"
