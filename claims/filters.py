"""
The filters of the question index, shared with the API and the exports.

Claim-level filters (who says it, where, when, which values) select claims; a
question matches when one of its claims matches them all at once.
"""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import RangeField

from sources.models import Actor, Source, bcp47_validator

from .models import FIGURE_DECIMAL_PLACES, FIGURE_MAX_DIGITS, Claim, Event, Question

MAX_QUERY_LENGTH = 200


class SlugChoiceFilter(filters.ModelChoiceFilter):
    """Chooses an object by its slug, typed or linked rather than picked from a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": _("slug")}))
        super().__init__(*args, **kwargs)


class FigureRangeField(RangeField):
    """Two figures within what a claim can hold, so that no database is asked about more."""

    def __init__(self, *args, **kwargs):
        fields = [
            forms.DecimalField(max_digits=FIGURE_MAX_DIGITS, decimal_places=FIGURE_DECIMAL_PLACES)
            for _bound in ("min", "max")
        ]
        super().__init__(fields, *args, **kwargs)


class FigureRangeFilter(filters.RangeFilter):
    field_class = FigureRangeField


class ClaimFilter(filters.FilterSet):
    actor = SlugChoiceFilter(queryset=Actor.objects.all(), label=_("Actor"))
    source = SlugChoiceFilter(queryset=Source.objects.all(), label=_("Source"))
    outlet = SlugChoiceFilter(
        field_name="source__outlet", queryset=Actor.objects.all(), label=_("Outlet")
    )
    language = filters.CharFilter(
        field_name="source__language",
        lookup_expr="iexact",
        max_length=35,
        validators=[bcp47_validator],
        label=_("Language"),
    )
    published = filters.DateFromToRangeFilter(
        field_name="source__published_on", label=_("Published between")
    )
    as_of = filters.DateFromToRangeFilter(label=_("As of between"))
    value = FigureRangeFilter(method="filter_value", label=_("Value between"))

    class Meta:
        model = Claim
        fields = []

    def filter_value(self, queryset, name, value):
        """Bounds-aware: "at least 225" lies in 200–300, "164" does not."""
        queryset = queryset.exclude(bound="")
        if value.start is not None:
            queryset = queryset.filter(Q(value_max__isnull=True) | Q(value_max__gte=value.start))
        if value.stop is not None:
            queryset = queryset.filter(Q(value_min__isnull=True) | Q(value_min__lte=value.stop))
        return queryset

    def is_active(self) -> bool:
        return any(
            value not in (None, "") and not (isinstance(value, slice) and value == slice(None))
            for value in self.form.cleaned_data.values()
        )


class QuestionFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_search", max_length=MAX_QUERY_LENGTH, label=_("Search"))
    event = filters.ModelChoiceFilter(
        queryset=Event.objects.all(), to_field_name="slug", label=_("Event")
    )
    value_type = filters.ChoiceFilter(choices=Question.ValueType.choices, label=_("Type of answer"))
    agreement = filters.ChoiceFilter(choices=Question.Agreement.choices, label=_("Agreement"))
    sort = filters.OrderingFilter(
        fields=[
            ("event__starts_on", "event"),
            ("text_en", "question"),
            ("source_count", "sources"),
            ("agreement", "agreement"),
        ],
        field_labels={
            "event__starts_on": _("Event"),
            "text_en": _("Question"),
            "source_count": _("Sources"),
            "agreement": _("Agreement"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Question
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.claim_filter = ClaimFilter(data, queryset=Claim.objects.all())

    def is_valid(self) -> bool:
        return self.claim_filter.is_valid() & super().is_valid()

    @property
    def errors(self):
        return self.form.errors | self.claim_filter.form.errors

    def filter_queryset(self, queryset):
        ordering = queryset.query.order_by
        queryset = super().filter_queryset(queryset)
        if not queryset.ordered:
            # "sort=," names no field: keep the default order, so pages stay stable.
            queryset = queryset.order_by(*ordering)
        if self.claim_filter.is_active():
            queryset = queryset.filter(pk__in=self.claim_filter.qs.values("question_id"))
        return queryset

    def filter_search(self, queryset, name, value):
        """Questions whose text or whose claims match, searched as on the search page."""
        from search.engine import matching_questions

        return queryset.filter(matching_questions(value))
