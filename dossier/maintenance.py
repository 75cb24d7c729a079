"""
While `restore` replaces the site's data, every request (static files aside) is answered
at once with a short 503 and Retry-After, rather than kept waiting on the restore's locks,
or shown pages that vanish with the restore, or allowed a save the restore would undo.

The sign is a file (RESTORE_FLAG_FILE, beside the imports' uploads by default), which
every app server process sees without a database query or a shared cache; on several
machines it must lie on storage they share. A sign left behind by a restore that was
killed outright is ignored once it is older than RESTORE_FLAG_MAX_SECONDS.
"""

import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

RETRY_AFTER_SECONDS = 30

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Back in a moment</title></head>
<body><h1>Back in a moment</h1>
<p>The site's data is being restored from a backup. Please try again in a minute.</p>
<p lang="de">Die Daten werden gerade aus einer Sicherung wiederhergestellt.
Bitte versuchen Sie es in einer Minute noch einmal.</p></body></html>
"""


def flag() -> Path:
    return Path(settings.RESTORE_FLAG_FILE)


def restore_under_way() -> bool:
    try:
        age = time.time() - flag().stat().st_mtime
    except OSError:
        return False
    return age < settings.RESTORE_FLAG_MAX_SECONDS


@contextmanager
def restoring():
    """Shows the sign to every process while the block runs."""
    path = flag()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"A restore began at {time.strftime('%Y-%m-%d %H:%M:%S')}.\n")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def answer_while_restoring(get_response):
    def middleware(request):
        if restore_under_way():
            response = HttpResponse(PAGE, status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            response["Cache-Control"] = "no-store"
            return response
        return get_response(request)

    return middleware
