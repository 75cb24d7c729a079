"""
The read-only JSON API. Every list is filtered with a FilterSet (a value it cannot
read answers 400 with the errors) and paginated; each fetches its page in a fixed
number of queries.
"""

import re

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import status, viewsets
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.response import Response

from claims.filters import QuestionFilter
from claims.models import Claim, ClaimRelation, Event, Question
from claims.redirects import redirect_filter_to_survivor, redirect_to_survivor
from dossier.parameters import filter_parameters
from dossier.publication import PUBLISHED, Status
from pages.changes import INDEX, name, names
from pages.kept import kept_page
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


class KeptResponses:
    """Lists and objects kept as built (pages/kept.py): an answer seen before costs one
    query, the versions of what it shows. Most show the index's version, which every
    change renews; one question's answers show that question's (`shows()`). The data is
    kept, not its rendering, so that each client still gets JSON or the browsable page
    it asks for."""

    def list(self, request, *args, **kwargs):
        build = super().list
        return self.kept(request, lambda: build(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        build = super().retrieve
        try:
            return self.kept(request, lambda: build(request, *args, **kwargs))
        except Http404:
            gone = self.withdrawn()
            if gone is None:
                raise
            return Response(withdrawn_data(gone), status=status.HTTP_410_GONE)

    def withdrawn(self):
        """The object at this address, if it was withdrawn (claims, questions, sources)."""
        model = self.get_queryset().model
        if not hasattr(model, "is_withdrawn"):
            return None
        lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
        return model.objects.filter(status=Status.WITHDRAWN, **lookup).first()

    def kept(self, request, build) -> Response:
        # What an answer reads of its address: its filters, the page, the version and
        # format asked for.
        params = {"page", "format", "version"}
        if getattr(self, "filterset_class", None) and self.action == "list":
            params |= filter_parameters(self.filterset_class)
        page = kept_page(
            request, lambda: {"data": build().data, "shows": self.shows(request)}, params=params
        )
        return Response(page["data"])

    def shows(self, request) -> set[str]:
        """The versions of what the answer shows, read once it is built."""
        return {INDEX}


def answers_to(slug: str) -> set[str] | None:
    """The versions of what one question's answers show in the API: the question (its
    measures and verdict with it), its event, and the sources, actors and places its
    claims name by slug (one query). Not the index's: an editor's save elsewhere leaves
    them be. None when no question has the slug."""
    rows = (
        Question.objects.published()
        .filter(slug=slug)
        .values_list("pk", "event", "claims__source", "claims__actor", "claims__place")
    )
    shown = set()
    for question, event, source, actor, place in rows:
        shown |= {name("question", question)} | names("event", [event])
        shown |= names("source", [source]) | names("actor", [actor, place])
    return shown or None


def claims_for_api(related=("question", "source", "actor", "place", "measure")):
    """Claims with the slugs of what they name, and nothing else of those objects."""
    fields = [field.name for field in Claim._meta.concrete_fields]
    return (
        Claim.objects.voiced()
        .select_related(*related)
        .only(*fields, *(f"{name}__slug" for name in related))
        .prefetch_related(
            # Only to claims readers see: a draft's number is not theirs to know.
            Prefetch(
                "relations",
                queryset=ClaimRelation.objects.filter(
                    other__status=PUBLISHED, other__source__status=PUBLISHED
                ),
            )
        )
    )


def withdrawn_data(obj) -> dict:
    """What the API answers, with 410, at a withdrawn object's address."""
    return {
        "detail": _("This %(name)s was withdrawn.") % {"name": obj._meta.verbose_name},
        "note": obj.review_note,
        "status": obj.status,
    }


class QuestionViewSet(KeptResponses, viewsets.ReadOnlyModelViewSet):
    """Questions with every claim that answers them. Filters as on the index."""

    queryset = (
        Question.objects.published()
        .for_index()
        .prefetch_related(
            # Each claim's question is the one it is listed under: no need to join it.
            Prefetch(
                "claims",
                queryset=claims_for_api(("source", "actor", "place", "measure")).order_by("pk"),
            ),
            # only run when a question on the page has a verdict
            Prefetch(
                "verdict__rests_on", queryset=Claim.objects.voiced().only("pk").order_by("pk")
            ),
        )
    )
    serializer_class = serializers.QuestionSerializer
    filter_backends = [QuestionFilterBackend]
    filterset_class = QuestionFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def list(self, request, *args, **kwargs):
        return self.kept(request, lambda: self.get_paginated_response(self.page_data(request)))

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            # A merged question's address leads to its survivor's.
            response = redirect_to_survivor(request, kwargs.get("slug", ""))
            if response is None:
                raise
            return response

    def shows(self, request) -> set[str]:
        shown = answers_to(self.kwargs["slug"]) if self.action == "retrieve" else None
        return shown or super().shows(request)

    def page_data(self, request) -> list:
        # The page's claims in one query of plain values: building hundreds of claims,
        # sources and actors as model instances was most of a page's time.
        queryset = self.filter_queryset(self.get_queryset().prefetch_related(None))
        page = self.paginate_queryset(queryset)
        verdicts = [question.public_verdict for question in page if question.public_verdict]
        prefetch_related_objects(
            verdicts,
            Prefetch("rests_on", queryset=Claim.objects.voiced().only("pk").order_by("pk")),
        )
        on_page = [question.pk for question in page]
        relations_of = {}
        relations = ClaimRelation.objects.filter(
            claim__in=Claim.objects.voiced().filter(question__in=on_page),
            other__in=Claim.objects.voiced(),
        ).order_by("pk")
        for claim, kind, other, note in relations.values_list("claim", "kind", "other", "note"):
            relations_of.setdefault(claim, []).append(serializers.relation_data(kind, other, note))
        claims_of = {}
        rows = Claim.objects.voiced().filter(question__in=on_page)
        for row in rows.order_by("pk").values(*serializers.CLAIM_VALUES):
            data = serializers.claim_data(row, relations_of.get(row["id"], []))
            claims_of.setdefault(row["question_id"], []).append(data)
        context = self.get_serializer_context() | {"claims_of": claims_of}
        return self.get_serializer(page, many=True, context=context).data


class ClaimViewSet(KeptResponses, viewsets.ReadOnlyModelViewSet):
    """Claims, one source's answer each. Filters as on the index, plus question and event."""

    queryset = claims_for_api().published().order_by("question__slug", "pk")
    serializer_class = serializers.ClaimSerializer
    filterset_class = ClaimListFilter
    lookup_value_regex = "[0-9]{1,18}"

    def shows(self, request) -> set[str]:
        # The claims of one question, unfiltered otherwise: that question's answers.
        filters = set(request.GET) - {"page", "format", "version"}
        shown = None
        if self.action == "list" and filters == {"question"}:
            shown = answers_to(request.GET["question"])
        return shown or super().shows(request)

    def list(self, request, *args, **kwargs):
        try:
            return super().list(request, *args, **kwargs)
        except ValidationError:
            # ?question= a merged question's slug: the survivor's claims.
            response = redirect_filter_to_survivor(request, "question")
            if response is None:
                raise
            return response


class SourceViewSet(KeptResponses, viewsets.ReadOnlyModelViewSet):
    """Sources; a single source comes with its full text."""

    queryset = (
        Source.objects.published()
        .select_related("outlet", "parent")
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


class ActorViewSet(KeptResponses, viewsets.ReadOnlyModelViewSet):
    """People, bodies, outlets and places, with every spelling the sources use."""

    queryset = Actor.objects.prefetch_related("aliases").order_by("name")
    serializer_class = serializers.ActorSerializer
    filterset_class = ActorFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class EventViewSet(KeptResponses, viewsets.ReadOnlyModelViewSet):
    """The events the questions are about."""

    queryset = Event.objects.select_related("place", "parent").order_by("starts_on", "name")
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
