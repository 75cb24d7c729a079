"""The originals, to editors only: no public address serves them (not MEDIA_URL)."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .models import Document


def can_see_originals(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("documents.view_document")


def original_response(document: Document) -> FileResponse:
    try:
        stream = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The original is missing from the storage.") from None
    # Always a download, never shown in the site's own origin (an HTML original could
    # run its scripts there).
    return FileResponse(
        stream,
        as_attachment=True,
        filename=document.name or document.sha256,
        content_type="application/octet-stream",
    )


@require_safe
def original(request, pk):
    if not can_see_originals(request.user):
        raise PermissionDenied
    return original_response(get_object_or_404(Document, pk=pk))


@require_safe
def source_original(request, slug):
    if not can_see_originals(request.user):
        raise PermissionDenied
    return original_response(get_object_or_404(Document, source__slug=slug))
