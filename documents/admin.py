"""The editors' side of documents: upload or paste, each file's state (a page that
updates itself while any is pending), and a draft source to confirm."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .drafts import make_source, proposal
from .forms import ConfirmForm, UploadForm
from .intake import attach, store
from .models import Document

# Pasted text that starts so is read as a web page.
HTML_START = ("<!doctype", "<html", "<body", "<article", "<div", "<p>", "<p ")


def can_bring_in(user) -> bool:
    """Bringing in documents makes sources: the editors who may add one."""
    return user.has_perm("sources.add_source")


def pasted_name(text: str) -> str:
    return "pasted.html" if text.lstrip()[:20].lower().startswith(HTML_START) else "pasted.txt"


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    change_list_template = "admin/documents/document/change_list.html"
    list_display = ["name", "state_shown", "reason_shown", "source", "uploaded_by", "uploaded_at"]
    list_filter = ["state", "ocr", "method"]
    list_select_related = ["source", "uploaded_by", "duplicate_of", "duplicate_of_document"]
    search_fields = ["name", "sha256", "source__title"]
    date_hierarchy = "uploaded_at"
    fields = [
        "name",
        "original_link",
        "sha256",
        "size",
        "content_type",
        "state",
        "why_refused",
        "method",
        "ocr",
        "source",
        "likely_republishes",
        "likeness",
        "uploaded_by",
        "uploaded_at",
        "read_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return can_bring_in(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # what reading gave is kept as read; the source is edited instead

    @admin.display(description=gettext_lazy("state"), ordering="state")
    def state_shown(self, document):
        return format_html(
            '<span class="document-state" data-document="{}" data-state="{}">{}</span>',
            document.pk,
            document.state,
            document.get_state_display(),
        )

    @admin.display(description=gettext_lazy("why it was refused"))
    def why_refused(self, document):
        return document.reason_shown

    @admin.display(description=gettext_lazy("what next"))
    def reason_shown(self, document):
        if document.state == Document.State.REFUSED:
            if document.duplicate_of_id:
                return format_html(
                    '{} <a href="{}">{}</a>',
                    document.reason_shown,
                    reverse("admin:sources_source_change", args=[document.duplicate_of_id]),
                    _("Open it"),
                )
            if document.duplicate_of_document_id:
                return format_html(
                    '{} <a href="{}">{}</a>',
                    document.reason_shown,
                    reverse(
                        "admin:documents_document_change", args=[document.duplicate_of_document_id]
                    ),
                    _("Open it"),
                )
            return document.reason_shown
        if document.state == Document.State.READY and document.source_id is None:
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:documents_document_confirm", args=[document.pk]),
                _("Check and confirm the source"),
            )
        return ""

    @admin.display(description=gettext_lazy("original"))
    def original_link(self, document):
        return format_html(
            '<a href="{}">{}</a>', document.original_url(), _("Download the original")
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("add/", view(self.upload_view), name="documents_document_add"),
            path("states/", view(self.states_view), name="documents_document_states"),
            path("<int:pk>/confirm/", view(self.confirm_view), name="documents_document_confirm"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        if not can_bring_in(request.user):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            incoming = [
                (one.read(), one.name, one.content_type) for one in form.cleaned_data["files"]
            ]
            if text := form.cleaned_data["pasted"]:
                name = pasted_name(text)
                incoming.append((text.encode(), name, ""))
            added = 0
            for data, name, content_type in incoming:
                with transaction.atomic():  # each file on its own
                    stored = store(data, name, user=request.user, content_type=content_type)
                if stored.new:
                    added += 1
                else:
                    self.message_user(
                        request,
                        format_html(
                            '{} <a href="{}">{}</a>',
                            _("Already in: %(name)s.") % {"name": name},
                            stored.document.get_absolute_url(),
                            _("Open it"),
                        ),
                        messages.WARNING,
                    )
            if added:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d document is being read.",
                        "%(count)d documents are being read.",
                        added,
                    )
                    % {"count": added},
                )
            return redirect("admin:documents_document_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Bring in documents"),
            "form": form,
            "max_files": self.max_files(),
        }
        return TemplateResponse(request, "admin/documents/document/upload.html", context)

    @staticmethod
    def max_files():
        return settings.DOCUMENT_MAX_FILES

    def states_view(self, request):
        """The states of the documents asked for (?id=1&id=2), for the list's script."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = [int(one) for one in request.GET.getlist("id") if one.isdigit()][:500]
        rows = Document.objects.filter(pk__in=ids).values_list("pk", "state")
        states = {str(pk): state for pk, state in rows}
        return JsonResponse(
            {
                "states": states,
                "pending": any(state in ("waiting", "reading") for state in states.values()),
            }
        )

    def confirm_view(self, request, pk):
        if not can_bring_in(request.user):
            raise PermissionDenied
        document = get_object_or_404(Document, pk=pk)
        if document.source_id is not None:
            return redirect("admin:sources_source_read", document.source_id)
        if document.state != Document.State.READY:
            self.message_user(request, _("This document is not ready to confirm."), messages.ERROR)
            return redirect("admin:documents_document_changelist")
        initial = proposal(document)
        initial["author_names"] = initial.pop("authors")
        form = ConfirmForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                locked = Document.objects.select_for_update().get(pk=document.pk)
                if locked.source_id is not None:  # confirmed meanwhile in another tab
                    return redirect("admin:sources_source_read", locked.source_id)
                source = make_source(locked, form.source_data())
                attach(locked, source)
            self.message_user(request, _("The source is in: claim what it says."))
            return redirect("admin:sources_source_read", source.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Confirm the source"),
            "form": form,
            "document": document,
        }
        return TemplateResponse(request, "admin/documents/document/confirm.html", context)
