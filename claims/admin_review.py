"""Review in the admin: each reviewed object's state and review page, and the queue of
what awaits a reviewer (claims/review.py makes the moves)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossier.publication import Status

from .models import Claim, Verdict
from .publication import shown_fields
from .review import LABELS, REVIEWED_MODELS, ReviewRefused, move, moves_for


def review_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_review", args=[obj.pk])


class ReviewedAdmin(admin.ModelAdmin):
    """Mixed into the admin of every reviewed model (claims, questions, verdicts, sources)."""

    def get_list_display(self, request):
        return [*super().get_list_display(request), "status"]

    def get_list_filter(self, request):
        return ["status", *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "review_state"]

    def get_fieldsets(self, request, obj=None):
        """The state first; the correction's reason last, once readers see the object."""
        (title, options), *rest = super().get_fieldsets(request, obj)
        fieldsets = [(title, {**options, "fields": ["review_state", *options["fields"]]}), *rest]
        if obj is not None and obj.is_published:
            fieldsets.append((gettext_lazy("Correction"), {"fields": ["correction_reason"]}))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user  # a class of this request's own
        return form

    @admin.display(description=gettext_lazy("review"))
    def review_state(self, obj):
        if obj is None or obj.pk is None:
            return _("A draft once saved: readers see it once a reviewer publishes it.")
        return format_html(
            '<strong class="review-status">{}</strong> · <a href="{}">{}</a>',
            obj.get_status_display(),
            review_url(obj),
            _("Review"),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.drafted_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        meta = self.model._meta
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{meta.app_label}_{meta.model_name}_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, object_id):
        obj = get_object_or_404(self.model._base_manager, pk=object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            action = request.POST.get("action", "")
            try:
                move(obj, action, request.user, request.POST.get("note", ""))
            except ReviewRefused as refusal:
                messages.error(request, str(refusal))
                return redirect(review_url(obj))
            messages.success(
                request,
                _("%(step)s: done for “%(object)s”.") % {"step": LABELS[action], "object": obj},
            )
            return redirect("review_queue")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review: %(object)s") % {"object": obj},
            "opts": self.model._meta,
            "object": obj,
            "moves": [(name, LABELS[name]) for name in moves_for(request.user, obj)],
            "changes": changes_since_published(obj),
            "preview_url": preview_url(obj),
            "may_change": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/review.html", context)


def preview_url(obj) -> str:
    """Where an editor sees the object on the site, drafts marked (?preview=1)."""
    if isinstance(obj, Verdict):
        obj = obj.question
    return obj.get_absolute_url() + "?preview=1"


def last_published(obj):
    """The version readers see of the object: its last published record, if any."""
    return obj.history.filter(status=Status.PUBLISHED).order_by("-history_date").first()


def changed_fields(obj, published) -> list:
    """The fields readers would see differ from the published version (all those filled
    in, for what was never published)."""
    if published is None:
        return [f for f in shown_fields(type(obj)) if getattr(obj, f.attname) not in (None, "")]
    return [
        f
        for f in shown_fields(type(obj))
        if getattr(published, f.attname) != getattr(obj, f.attname)
    ]


def changes_since_published(obj) -> list[dict]:
    """What differs between the version readers see and the object now: the fields, each
    with its published and its current value."""
    published = last_published(obj)
    return [
        {
            "field": f.verbose_name,
            "before": display(published, f) if published is not None else None,
            "after": display(obj, f),
        }
        for f in changed_fields(obj, published)
    ]


def display(record, field) -> str:
    value = getattr(record, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and value is not None:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return "" if value is None else str(value)


# What each kind's name reads of other tables (its __str__), read with it in the queue.
NAMED_WITH = {Claim: ["source"], Verdict: ["question"]}
LISTED = 200  # of each kind in each section, at most


def review_queue(request):
    """What awaits a reviewer: work sent for review, oldest first, published verdicts a
    moved claim put in doubt, and drafts sent back to their authors. A few queries per
    kind, however long the lists."""
    waiting, flagged, sent_back = [], [], []
    for model in REVIEWED_MODELS:
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        objects = model._base_manager.select_related("drafted_by", *NAMED_WITH.get(model, []))
        sections = [
            (waiting, objects.filter(status=Status.IN_REVIEW).order_by("submitted_at")),
            (sent_back, objects.filter(status=Status.DRAFT).exclude(review_note="")),
        ]
        if hasattr(model, "needs_review"):
            sections.append((flagged, objects.filter(needs_review=True)))
        listed = [(section, list(found[:LISTED])) for section, found in sections]
        published = last_published_of(model, [obj.pk for _s, found in listed for obj in found])
        for section, found in listed:
            section += [entry(obj, published.get(obj.pk)) for obj in found]
    waiting.sort(key=lambda item: item["since"])
    context = {
        **admin.site.each_context(request),
        "title": _("Review queue"),
        "waiting": waiting,
        "flagged": flagged,
        "sent_back": sent_back,
    }
    return TemplateResponse(request, "admin/review_queue.html", context)


def last_published_of(model, pks) -> dict:
    """Each object's last published record, by its key, in one query."""
    records = model.history.filter(id__in=pks, status=Status.PUBLISHED)
    return {record.id: record for record in records.order_by("id", "history_date")}


def entry(obj, published) -> dict:
    return {
        "object": obj,
        "kind": obj._meta.verbose_name,
        "by": obj.drafted_by,
        "since": obj.submitted_at or obj.updated_at,
        "note": obj.review_note,
        "changes": [f.verbose_name for f in changed_fields(obj, published)],
        "url": review_url(obj),
    }
