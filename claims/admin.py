from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from simple_history.admin import SimpleHistoryAdmin

from dossier.publication import correcting
from dossier.versioning import VersionedForm
from pages.admin import RenewsPages
from pages.changes import changed
from sources.authors import lost_authors
from sources.models import Actor, ActorAlias, Source
from sources.resources import ActorResource, import_errors

from .admin_review import ReviewedAdmin
from .duplicates import judge_distinct, question_duplicates
from .forms import (
    ChooseQuestionForm,
    ClaimForm,
    ClaimRelationFormSet,
    MergeForm,
    QuestionForm,
    SplitForm,
    VerdictForm,
)
from .import_confirmations import ImportConfirmation
from .imports import DossierCSV, FileError, ImportStore
from .merging import merge_questions, split_question
from .models import (
    Claim,
    ClaimRelation,
    DistinctPair,
    Event,
    Measure,
    Question,
    QuestionRedirect,
    Verdict,
)
from .reading import FROM_READING, ReadingAdminMixin, quote_url
from .resources import ClaimResource, EventResource, QuestionResource, SourceWithQuotesResource
from .review import flag_verdicts
from .source_form import SourceForm

CLAIMS_PER_PAGE = 50


class HistoryAdmin(SimpleHistoryAdmin):
    """An edited object's admin: its history (who changed what, when), and optimistic
    locking of its form (VersionedForm), reverts from the history included."""

    form = VersionedForm

    # simple-history's revert view saves outside a transaction: lock rows inside one,
    # as the change view does (PostgreSQL refuses a row lock outside a transaction).
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class DossierAdmin(RenewsPages, ImportExportMixin, HistoryAdmin):
    """
    The editors' admin for one kind of object: HistoryAdmin's, the kept pages that show
    it renewed on every change (RenewsPages), and CSV import with a dry-run preview and
    export in the same format.
    """

    import_formats = [DossierCSV]
    export_formats = [CSV]
    tmp_storage_class = ImportStore

    # Importing adds and changes objects, so it takes the rights to do both.
    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_fieldsets(self, request, obj=None):
        """The form's version travels with it, whatever fields the admin shows."""
        fieldsets = super().get_fieldsets(request, obj)
        shown = {
            name
            for _name, options in fieldsets
            for line in options["fields"]
            for name in (line if isinstance(line, list | tuple) else [line])
        }
        if "opened_version" in shown:
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], "opened_version"]}), *rest]

    # Imports.

    def create_import_form(self, request):
        form = super().create_import_form(request)
        if request.method == "POST" and form.is_valid():
            size = form.cleaned_data["import_file"].size
            if size > settings.IMPORT_MAX_BYTES:
                form.add_error(
                    "import_file",
                    gettext(
                        "The file has %(size)s MB; the admin imports files of up to %(max)s "
                        "MB. Split it, or import it with: python manage.py import_claims FILE"
                    )
                    % {
                        "size": f"{size / 1024 / 1024:.1f}",
                        "max": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:.0f}",
                    },
                )
        return form

    def add_data_read_fail_error_to_form(self, form, e):
        """Why the file cannot be read, in the editor's words: never an exception's name."""
        if isinstance(e, FileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file",
                gettext("The file cannot be read as CSV: save it as CSV and import it again."),
            )

    def process_import(self, request, **kwargs):
        """Write the previewed file, and say exactly what was written, or that nothing was."""
        name = request.POST.get("import_file_name", "")
        store = ImportStore(name=name)
        if not self.has_import_permission(request):
            return super().process_import(request, **kwargs)  # refused there
        if not store.exists():
            return self.already_imported(request)
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                # Written once, however often (or however fast) it is confirmed.
                if not ImportConfirmation.objects.confirm(name):
                    return self.already_imported(request)
                response = super().process_import(request, **kwargs)
        except Exception as error:  # noqa: BLE001 — the editor gets a message, not a trace
            store.remove()
            messages.error(
                request,
                gettext("Nothing was imported: %(reason)s") % {"reason": import_errors(error)},
            )
            return HttpResponseRedirect(self.import_url())
        return response

    def already_imported(self, request):
        ImportConfirmation.objects.expired().delete()
        messages.error(
            request,
            gettext(
                "Nothing was imported: this preview has expired or was already imported. "
                "Upload the file again."
            ),
        )
        return HttpResponseRedirect(self.import_url())

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                gettext("Nothing was imported: %(reason)s") % {"reason": import_errors(result)},
            )
            return HttpResponseRedirect(self.import_url())
        return super().process_result(result, request)

    def import_url(self) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")


def claims_list(request, claims, **prefill) -> dict:
    """One page of claims for a change page, with the link that adds one more."""
    page = Paginator(
        claims.select_related("question", "source", "actor").order_by("pk"), CLAIMS_PER_PAGE
    ).get_page(request.GET.get("claims_page"))
    query = "&".join(f"{key}={value}" for key, value in prefill.items())
    return {
        "claims_page": page,
        "add_claim_url": f"{reverse('admin:claims_claim_add')}?{query}",
    }


class ClaimsListAdmin(DossierAdmin):
    """A change page that lists the object's claims, a page at a time, instead of inlines."""

    change_form_template = "admin/claims/change_form_with_claims.html"
    claims_of = ""  # the claim's field that points at this object

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            claims = Claim.objects.filter(**{self.claims_of: obj})
            context |= claims_list(request, claims, **{self.claims_of: obj.pk})
            context["claims_of"] = self.claims_of
        return super().render_change_form(request, context, add, change, form_url, obj)


class VerdictInline(admin.StackedInline):
    """The editors' verdict, entered on its question's page."""

    model = Verdict
    form = VerdictForm
    fields = [
        "review_state",
        "agreement",
        "reason",
        "reason_de",
        "rests_on",
        "decided_by",
        "updated_at",
        "correction_reason",
        "opened_version",
    ]
    readonly_fields = ["review_state", "decided_by", "updated_at"]
    filter_horizontal = ["rests_on"]
    extra = 0
    max_num = 1
    verbose_name_plural = _("editors' verdict")

    review_state = ReviewedAdmin.review_state

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.editor = request.user  # a correction is a reviewer's
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

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.editor = request.user  # a published claim's relations are a reviewer's
        return formset


def record_relations_corrected(claim, user, data) -> None:
    """A published claim whose relations alone changed: dated and recorded with the
    reason, so that readers see the correction in its history."""
    correcting(claim, data.get("correction_reason", "").strip())
    claim.version += 1
    claim._history_user = user
    claim.save(update_fields=["corrected_at", "version", "updated_at"])


def set_decided_by(request, formset):
    """The editor who saves a verdict is the one who decided it, and a new one's author."""
    for form in formset.forms:
        if form.has_changed() and not form.cleaned_data.get("DELETE"):
            form.instance.decided_by = request.user
            if form.instance.pk is None:
                form.instance.drafted_by = request.user


@admin.register(Event)
class EventAdmin(DossierAdmin):
    resource_classes = [EventResource]
    list_display = ["name", "starts_on", "ends_on", "place", "parent"]
    list_filter = ["place"]
    list_select_related = ["place", "parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["place", "parent"]
    # Each text an analyst reads beside its German version, which German pages show.
    fields = [
        ("name", "name_de"),
        "slug",
        ("starts_on", "starts_precision"),
        ("ends_on", "ends_precision"),
        "place",
        "parent",
        ("description", "description_de"),
    ]


@admin.register(Question)
class QuestionAdmin(ReviewedAdmin, ClaimsListAdmin):
    # The claims list, and the links to merge and split
    change_form_template = "admin/claims/question/change_form.html"
    resource_classes = [QuestionResource]
    list_display = ["text_en", "event", "value_type", "unit", "source_count", "agreement"]
    list_filter = ["value_type", "agreement", "verdict_due", "event"]
    actions = ["merge_two"]
    readonly_fields = ["automatic_analysis"]
    list_select_related = ["event"]
    search_fields = ["text_en", "text_de", "slug", "keywords", "keywords_de"]
    prepopulated_fields = {"slug": ["text_en"]}
    autocomplete_fields = ["event"]
    claims_of = "question"
    inlines = [VerdictInline, MeasureInline]
    form = QuestionForm
    fields = [
        # First: when the question may exist already, the list of those is what to read.
        "confirm_new",
        "event",
        "slug",
        ("text_en", "text_de"),
        "value_type",
        ("unit", "unit_de"),
        ("scope_note", "scope_note_de"),
        ("editorial_note", "editorial_note_de"),
        ("keywords", "keywords_de"),
        ("verdict_due", "automatic_analysis"),
    ]
    change_list_template = "admin/claims/question/change_list.html"

    def get_fields(self, request, obj=None):
        # Only a question being added is compared with the others.
        fields = super().get_fields(request, obj)
        return fields if obj is None else [name for name in fields if name != "confirm_new"]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_see_duplicates"] = self.has_change_permission(request)
        return super().changelist_view(request, extra_context)

    def import_action(self, request, **kwargs):
        """The preview names each new question close to an existing one."""
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        for line in getattr(result, "close_questions", []):
            messages.warning(request, line)
        return response

    @admin.display(description=_("automatic analysis"))
    def automatic_analysis(self, question):
        # Beside the verdict to decide again: what the answers say without one.
        return question.get_automatic_agreement_display() if question.pk else "–"

    def save_formset(self, request, form, formset, change):
        if formset.model is Verdict:
            set_decided_by(request, formset)
        super().save_formset(request, form, formset, change)
        if formset.model is Verdict and decided(formset):
            Question.objects.filter(pk=form.instance.pk).update(verdict_due=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A question's type of answer decides how its answers compare, and it shows its
        # verdict (an inline) instead of the analysis's: refreshed once both are saved
        # (the admin saves the related objects after the question, always). Through the
        # queryset: the derived analysis is no editor's change to the question.
        Question.objects.filter(pk=form.instance.pk).refresh_analysis()

    # Possible duplicates (claims/similar.py), merging and splitting (claims/merging.py
    # does the work; these views ask).

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "duplicates/",
                view(lambda request: question_duplicates(request, self)),
                name="claims_question_duplicates",
            ),
            path(
                "duplicates/distinct/",
                view(lambda request: judge_distinct(request, self)),
                name="claims_question_distinct",
            ),
            path("<path:object_id>/merge/", view(self.merge_view), name="claims_question_merge"),
            path("<path:object_id>/split/", view(self.split_view), name="claims_question_split"),
            *super().get_urls(),
        ]

    def may_merge_away(self, request, question) -> bool:
        return self.has_change_permission(request, question) and self.has_delete_permission(
            request, question
        )

    @admin.action(
        description=_("Merge the two selected questions"), permissions=["change", "delete"]
    )
    def merge_two(self, request, queryset):
        """To the merge page, the question with more sources proposed as the survivor."""
        questions = list(queryset.order_by("-source_count", "pk")[:3])
        if len(questions) != 2:
            messages.warning(request, gettext("Select exactly two questions to merge."))
            return None
        into, merged = questions
        url = reverse("admin:claims_question_merge", args=[merged.pk])
        return HttpResponseRedirect(f"{url}?into={into.pk}")

    def merge_view(self, request, object_id):
        merged = self.get_object(request, object_id)
        if merged is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.may_merge_away(request, merged):
            raise PermissionDenied
        into = chosen(request, Question.objects.exclude(pk=merged.pk), _("Merge into"))
        if into is not None and not self.has_change_permission(request, into):
            raise PermissionDenied
        form = None
        if into is not None:
            initial = {"merged_version": merged.version, "into_version": into.version}
            form = MergeForm(request.POST if request.method == "POST" else None, initial=initial)
            if form.is_bound and form.is_valid():
                versions = {
                    merged.pk: form.cleaned_data["merged_version"],
                    into.pk: form.cleaned_data["into_version"],
                }
                try:
                    survivor = merge_questions(
                        merged,
                        into,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                        expected_versions=versions,
                    )
                except ValidationError as error:
                    if refused_as_stale(request, error):
                        return redirect(request.get_full_path())
                    form_errors(form, error)
                else:
                    messages.success(
                        request,
                        gettext(
                            "“%(merged)s” was merged into “%(into)s”; its address leads here "
                            "now. Decide the verdict again."
                        )
                        % {"merged": merged, "into": survivor},
                    )
                    return redirect("admin:claims_question_change", survivor.pk)
        return self.step_page(
            request,
            "admin/claims/question/merge.html",
            merged,
            gettext("Merge “%(question)s” into another question") % {"question": merged},
            into=into,
            form=form,
        )

    def split_view(self, request, object_id):
        question = self.get_object(request, object_id)
        if question is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, question):
            raise PermissionDenied
        into = chosen(request, Question.objects.exclude(pk=question.pk), _("Move to"))
        if into is None and "into" not in request.GET and not self.has_add_permission(request):
            raise PermissionDenied  # a new question: only for editors who may add one
        if into is not None and not self.has_change_permission(request, into):
            raise PermissionDenied
        initial = {
            "question_version": question.version,
            "into_version": into.version if into is not None else None,
        }
        form = SplitForm(
            request.POST if request.method == "POST" else None,
            question=question,
            into=into,
            initial=initial,
        )
        if form.is_bound and form.is_valid() and ("into" not in request.GET or into is not None):
            versions = {question.pk: form.cleaned_data["question_version"]}
            if into is not None:
                versions[into.pk] = form.cleaned_data["into_version"]
            try:
                split = split_question(
                    question,
                    [claim.pk for claim in form.cleaned_data["claims"]],
                    into=into,
                    new=form.new_question(),
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_versions=versions,
                )
            except ValidationError as error:
                if refused_as_stale(request, error):
                    return redirect(request.get_full_path())
                form_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d claim moved to “%(into)s”. Decide both questions' "
                        "verdicts again.",
                        "%(count)d claims moved to “%(into)s”. Decide both questions' "
                        "verdicts again.",
                        split.moved,
                    )
                    % {"count": split.moved, "into": split.into},
                )
                if split.relations_removed:
                    messages.warning(
                        request,
                        ngettext(
                            "%(count)d relation between a moved claim and one that stayed "
                            "was removed: relations join answers to one question.",
                            "%(count)d relations between moved claims and ones that stayed "
                            "were removed: relations join answers to one question.",
                            split.relations_removed,
                        )
                        % {"count": split.relations_removed},
                    )
                return redirect("admin:claims_question_change", question.pk)
        return self.step_page(
            request,
            "admin/claims/question/split.html",
            question,
            gettext("Split claims off “%(question)s”") % {"question": question},
            into=into,
            form=form,
        )

    def step_page(self, request, template, question, title, **context):
        chooser = ChooseQuestionForm(
            request.GET if "into" in request.GET else None,
            queryset=Question.objects.exclude(pk=question.pk),
            label=_("Question"),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": question,
            "title": title,
            "chooser": chooser,
            "media": self.media + chooser.media,
            **context,
        }
        return TemplateResponse(request, template, context)


def chosen(request, questions, label):
    """The question `?into=` names, if it is one of these."""
    if "into" not in request.GET:
        return None
    form = ChooseQuestionForm(request.GET, queryset=questions, label=label)
    return form.cleaned_data["into"] if form.is_valid() else None


def refused_as_stale(request, error: ValidationError) -> bool:
    """A question changed or deleted meanwhile: say so, and show the page anew."""
    if getattr(error, "code", None) not in ("conflict", "deleted"):
        return False
    messages.error(request, " ".join(error.messages))
    return True


def form_errors(form, error: ValidationError):
    """The errors on the fields the form has, the others above it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def decided(formset) -> bool:
    """A verdict saved (not deleted): the editors decided it."""
    return any(form.has_changed() and not form.cleaned_data.get("DELETE") for form in formset.forms)


@admin.register(QuestionRedirect)
class QuestionRedirectAdmin(RenewsPages, admin.ModelAdmin):
    """The addresses of merged questions, to look up: only a merge writes them, and they
    lead to the survivor for good (the survivor's deletion takes them along)."""

    list_display = ["old_slug", "question", "created_at"]
    list_select_related = ["question"]
    search_fields = ["old_slug", "question__slug", "question__text_en"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DistinctPair)
class DistinctPairAdmin(admin.ModelAdmin):
    """Pairs an editor judged distinct on the possible duplicates page: deleting one lists
    the pair there again. Whoever may change questions may judge them, so these follow
    that permission rather than ones of their own."""

    list_display = ["first", "second", "decided_by", "decided_at"]
    list_select_related = ["first", "second", "decided_by"]
    search_fields = ["first__slug", "second__slug", "first__text_en", "second__text_en"]

    def may_judge(self, request) -> bool:
        return request.user.has_perm("claims.change_question")

    def has_module_permission(self, request):
        return self.may_judge(request)

    def has_view_permission(self, request, obj=None):
        return self.may_judge(request)

    def has_delete_permission(self, request, obj=None):
        return self.may_judge(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(ReviewedAdmin, DossierAdmin):
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
        corrected_relations = any(
            isinstance(formset, ClaimRelationFormSet) and formset.corrects_published()
            for formset in formsets
        )
        if corrected_relations and not form.is_correction():
            record_relations_corrected(form.instance, request.user, form.data)
        # After the relations: the analysis reads them.
        questions = {form.instance.question_id}
        if change and "question" in form.changed_data:
            questions.add(form.initial["question"])
            flag_verdicts(questions, gettext("A claim moved from one question to the other."))
        Question.objects.filter(pk__in=questions).refresh_analysis()

    def response_add(self, request, obj, post_url_continue=None):
        """A claim made from a passage: back to the reading, at its new highlight."""
        response = super().response_add(request, obj, post_url_continue)
        other_step = {"_continue", "_addanother", "_popup", "_saveasnew"} & set(request.POST)
        if request.GET.get(FROM_READING) and not other_step:
            return HttpResponseRedirect(quote_url(obj))
        return response

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
                    "confirm_figure",
                    ("date_value", "date_precision"),
                    "place",
                    "boolean_value",
                    ("text_value", "text_value_de"),
                    ("scope", "scope_de"),
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
            {
                "fields": [
                    ("rank", "rank_reason"),
                    ("notes", "notes_de"),
                    "updated_at",
                    "opened_version",
                ]
            },
        ),
    ]


@admin.register(Verdict)
class VerdictAdmin(ReviewedAdmin, RenewsPages, HistoryAdmin):
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
        "opened_version",
    ]

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)
        # The question shows the verdict (its stored agreement); one it left, its own.
        questions = {obj.question_id}
        if change and "question" in form.changed_data:
            questions.add(form.initial["question"])
        Question.objects.filter(pk=obj.question_id).update(verdict_due=False)
        Question.objects.filter(pk__in=questions).refresh_analysis()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Question.objects.filter(pk=obj.question_id).refresh_analysis()

    def delete_queryset(self, request, queryset):
        questions = list(queryset.values_list("question", flat=True))
        super().delete_queryset(request, queryset)
        Question.objects.filter(pk__in=questions).refresh_analysis()


# Sources and actors: their change pages list the claims they back or make, and a
# source's offers its text to read and claim from (claims/reading.py).


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    # A spelling is also edited on its own page: each one carries its version.
    form = VersionedForm
    extra = 1


@admin.register(Actor)
class ActorAdmin(DossierAdmin):
    resource_classes = [ActorResource]
    list_display = ["name", "kind", "alias_list"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]
    fields = ["kind", "name", "slug", ("description", "description_de")]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def delete_model(self, request, obj):
        with lost_authors([obj]):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with lost_authors(list(queryset)):
            super().delete_queryset(request, queryset)

    @admin.display(description=_("aliases"))
    def alias_list(self, actor):
        return ", ".join(alias.name for alias in actor.aliases.all())


@admin.register(ActorAlias)
class ActorAliasAdmin(RenewsPages, HistoryAdmin):
    """Each spelling on its own, so that its history shows who added or changed it."""

    list_display = ["name", "actor", "kind", "language"]
    list_filter = ["kind"]
    list_select_related = ["actor"]
    search_fields = ["name", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Source)
class SourceAdmin(ReviewedAdmin, ReadingAdminMixin, ClaimsListAdmin):
    # The claims list, and the "Read and claim" button
    change_form_template = "admin/sources/source/change_form.html"
    form = SourceForm
    resource_classes = [SourceWithQuotesResource]
    list_display = ["title", "outlet", "published_on", "language", "kind", "parent", "read_link"]
    list_filter = ["kind", "language", "outlet"]
    list_select_related = ["outlet", "parent"]
    search_fields = ["title", "slug", "outlet__name"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["outlet", "authors", "parent", "republishes"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    claims_of = "source"
    readonly_fields = ["brought_in_from"]

    @admin.display(description=_("brought in from"))
    def brought_in_from(self, source):
        """The document its text was read from (documents app), and how it was read."""
        document = getattr(source, "document", None) if source.pk else None
        if document is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a> ({}{}) · <a href="{}">{}</a>',
            reverse("admin:documents_document_change", args=[document.pk]),
            document,
            document.method,
            ", OCR" if document.ocr else "",
            reverse("documents:original", args=[document.pk]),
            _("original"),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "republishes" in form.changed_data:
            # Its claims now count with another voice: the comparisons they answer change.
            questions = Question.objects.filter(claims__source=form.instance).distinct()
            pks = set(questions.values_list("pk", flat=True))
            Question.objects.filter(pk__in=pks).refresh_analysis()
            changed(questions=pks)

    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language", "parent"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "outlet",
                    "authors",
                    "published_on",
                    "published_precision",
                    "url",
                    "republishes",
                ]
            },
        ),
        (_("Text"), {"fields": ["text", "brought_in_from"]}),
        (
            _("Assessment"),
            {
                "fields": [
                    ("stance_notes", "stance_notes_de"),
                    ("reliability_notes", "reliability_notes_de"),
                ],
                "description": _(
                    "German pages show the German texts; English stands in for any left empty."
                ),
            },
        ),
    ]
