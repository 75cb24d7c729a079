from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from simple_history.admin import SimpleHistoryAdmin

from .forms import ClaimForm, ClaimRelationFormSet, VerdictForm
from .models import Claim, ClaimRelation, Event, Measure, Question, Verdict
from .resources import ClaimResource, EventResource, QuestionResource


class DossierAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """
    The editors' admin for one kind of object: its history (who changed what, when),
    and CSV import with a dry-run preview and export in the same format.
    """

    formats = [CSV]

    # Importing adds and changes objects, so it takes the rights to do both.
    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class ClaimInline(admin.StackedInline):
    """Claims entered where editors read them: under their question or their source."""

    model = Claim
    form = ClaimForm
    extra = 0
    show_change_link = True
    autocomplete_fields = ["source", "actor", "place"]
    fields = [
        ("actor", "attribution"),
        "stated_value",
        ("bound", "value", "value_min", "value_max"),
        ("date_value", "date_precision", "place", "boolean_value"),
        "text_value",
        "scope",
        ("measure", "tolerance"),
        ("as_of", "as_of_precision"),
        "quote",
        "quote_translation",
        ("rank", "rank_reason"),
        "opened_version",
    ]


class QuestionClaimInline(ClaimInline):
    fk_name = "question"
    fields = ["source", *ClaimInline.fields]


class VerdictInline(admin.StackedInline):
    """The editors' verdict, entered on its question's page."""

    model = Verdict
    form = VerdictForm
    fields = ["agreement", "reason", "reason_de", "rests_on", "decided_by", "updated_at"]
    readonly_fields = ["decided_by", "updated_at"]
    filter_horizontal = ["rests_on"]
    extra = 0
    max_num = 1
    verbose_name_plural = _("editors' verdict")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The verdict rests only on this question's claims.
        field = formset.form.base_fields.get("rests_on")
        if field is not None:
            field.queryset = obj.claims.select_related("source") if obj else Claim.objects.none()
        return formset


class MeasureInline(admin.TabularInline):
    """What the question's answers may measure: "the treaty", "the organisation"."""

    model = Measure
    fields = ["slug", "name", "name_de"]
    extra = 0


class ClaimRelationInline(admin.TabularInline):
    """How this claim stands to other answers to its question."""

    model = ClaimRelation
    fk_name = "claim"
    formset = ClaimRelationFormSet
    fields = ["kind", "other", "note"]
    autocomplete_fields = ["other"]
    extra = 0


def set_decided_by(request, formset):
    """The editor who saves a verdict is the one who decided it."""
    for form in formset.forms:
        if form.has_changed() and not form.cleaned_data.get("DELETE"):
            form.instance.decided_by = request.user


@admin.register(Event)
class EventAdmin(DossierAdmin):
    resource_classes = [EventResource]
    list_display = ["name", "starts_on", "ends_on", "place", "parent"]
    list_filter = ["place"]
    list_select_related = ["place", "parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["place", "parent"]


@admin.register(Question)
class QuestionAdmin(DossierAdmin):
    resource_classes = [QuestionResource]
    list_display = ["text_en", "event", "value_type", "unit", "source_count", "agreement"]
    list_filter = ["value_type", "agreement", "event"]
    list_select_related = ["event"]
    search_fields = ["text_en", "text_de", "slug"]
    prepopulated_fields = {"slug": ["text_en"]}
    autocomplete_fields = ["event"]
    inlines = [VerdictInline, MeasureInline, QuestionClaimInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is Verdict:
            set_decided_by(request, formset)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Through the queryset: the derived analysis is no editor's change to the question.
        Question.objects.filter(pk=form.instance.pk).refresh_analysis()


@admin.register(Claim)
class ClaimAdmin(DossierAdmin):
    resource_classes = [ClaimResource]
    list_display = ["stated_value", "question", "source", "actor", "as_of", "rank"]
    list_filter = ["rank", "bound", "attribution", "question__event", "source__language"]
    list_select_related = ["question", "source", "actor"]
    search_fields = ["stated_value", "quote", "quote_translation", "question__text_en"]
    autocomplete_fields = ["question", "source", "actor", "place"]
    readonly_fields = ["updated_at"]
    form = ClaimForm
    inlines = [ClaimRelationInline]

    # The index shows each question's stored analysis: keep it current.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the relations: the analysis reads them.
        questions = {form.instance.question_id}
        if change and "question" in form.changed_data:
            questions.add(form.initial["question"])
        Question.objects.filter(pk__in=questions).refresh_analysis()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Question.objects.filter(pk=obj.question_id).refresh_analysis()

    def delete_queryset(self, request, queryset):
        questions = list(queryset.values_list("question", flat=True).distinct())
        super().delete_queryset(request, queryset)
        Question.objects.filter(pk__in=questions).refresh_analysis()

    fieldsets = [
        (None, {"fields": ["question", "source", ("actor", "attribution")]}),
        (
            _("Answer"),
            {
                "fields": [
                    "stated_value",
                    ("bound", "value", "value_min", "value_max"),
                    ("date_value", "date_precision"),
                    "place",
                    "boolean_value",
                    "text_value",
                    "scope",
                    ("measure", "tolerance"),
                    ("as_of", "as_of_precision"),
                ],
                "description": _(
                    "Give one kind of answer, the one the question asks for. For a number, "
                    "enter the figure and its bound; the lower and upper bounds follow, "
                    "except for a range, where you enter them."
                ),
            },
        ),
        (_("Evidence"), {"fields": ["quote", "quote_translation"]}),
        (
            _("Editorial"),
            {"fields": [("rank", "rank_reason"), "notes", "updated_at", "opened_version"]},
        ),
    ]


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    """Every editors' verdict, with who decided it; its history keeps each change."""

    form = VerdictForm
    list_display = ["question", "agreement", "decided_by", "updated_at"]
    list_filter = ["agreement"]
    list_select_related = ["question", "decided_by"]
    search_fields = ["question__text_en", "question__slug", "reason", "reason_de"]
    autocomplete_fields = ["question", "rests_on"]
    readonly_fields = ["decided_by", "updated_at"]
    fields = [
        "question",
        "agreement",
        "reason",
        "reason_de",
        "rests_on",
        "decided_by",
        "updated_at",
    ]

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        questions = {form.instance.question_id}
        if change and "question" in form.changed_data:
            questions.add(form.initial["question"])
        Question.objects.filter(pk__in=questions).refresh_analysis()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Question.objects.filter(pk=obj.question_id).refresh_analysis()

    def delete_queryset(self, request, queryset):
        questions = list(queryset.values_list("question", flat=True))
        super().delete_queryset(request, queryset)
        Question.objects.filter(pk__in=questions).refresh_analysis()
