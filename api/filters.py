"""
The API's filters: the pages' FilterSets, plus a few for what only the API lists.

The questions list uses QuestionFilter unchanged, claim filters included; the
claims list adds the question and the event to ClaimFilter.
"""

import django_filters as filters
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

from claims.filters import ClaimFilter, SlugChoiceFilter
from claims.models import Claim, Event, Question
from sources.models import Actor, Source, bcp47_validator


class ClaimListFilter(ClaimFilter):
    question = SlugChoiceFilter(
        queryset=Question.objects.all(), name_field="text_en", label=_("Question")
    )
    event = SlugChoiceFilter(
        field_name="question__event", queryset=Event.objects.all(), label=_("Event")
    )


class SourceFilter(filters.FilterSet):
    outlet = SlugChoiceFilter(queryset=Actor.objects.all(), label=_("Outlet"))
    language = filters.CharFilter(
        lookup_expr="iexact", max_length=35, validators=[bcp47_validator], label=_("Language")
    )
    kind = filters.ChoiceFilter(choices=Source.Kind.choices, label=_("Kind"))
    published = filters.DateFromToRangeFilter(
        field_name="published_on", label=_("Published between")
    )

    class Meta:
        model = Source
        fields = []


class ActorFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Actor.Kind.choices, label=_("Kind"))

    class Meta:
        model = Actor
        fields = []


class EventFilter(filters.FilterSet):
    parent = SlugChoiceFilter(queryset=Event.objects.all(), label=_("Part of"))
    place = SlugChoiceFilter(queryset=Actor.objects.places(), label=_("Place"))

    class Meta:
        model = Event
        fields = []


class QuestionFilterBackend(DjangoFilterBackend):
    """For QuestionFilter, which also reads ClaimFilter's parameters."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            # QuestionFilter.errors joins both forms' errors in a plain dict.
            raise translate_validation(ErrorDict(filterset.errors))
        return filterset.qs


class QuestionFilterExtension(DjangoFilterExtension):
    """Lists ClaimFilter's parameters beside QuestionFilter's in the OpenAPI schema."""

    target_class = "api.filters.QuestionFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        for name, claim_filter in ClaimFilter.base_filters.items():
            parameters += self.resolve_filter_field(
                auto_schema, Claim, ClaimFilter, name, claim_filter
            )
        return parameters
