"""Start-up checks of the documents' settings."""

from django.conf import settings
from django.core.checks import Error, register

from .extraction import limits


@register()
def reading_outlasts_its_timeout(app_configs, **kwargs):
    """A document still being read must not count as stuck: it would be read twice."""
    longest = limits.OCR_TIME_LIMIT + limits.PDF_TIME_LIMIT
    if settings.DOCUMENT_READING_TIMEOUT_SECONDS > longest:
        return []
    return [
        Error(
            f"DOCUMENT_READING_TIMEOUT_SECONDS is {settings.DOCUMENT_READING_TIMEOUT_SECONDS}, "
            f"but reading a scanned PDF may take {longest} seconds: a document still being "
            "read would be queued again and read twice.",
            hint=f"Set it above {longest}, or leave it unset (1800).",
            id="documents.E001",
        )
    ]
