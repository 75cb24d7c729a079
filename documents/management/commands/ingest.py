"""Bring in files and folders as the admin's upload does: `manage.py ingest PATH...`."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents.intake import queue_stuck, read_document, store
from documents.models import Document


def files_under(paths: list[str]):
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        elif path.is_file():
            yield path
        else:
            raise CommandError(f"There is no file or folder {name}.")


class Command(BaseCommand):
    help = (
        "Bring in files and folders (recursively) as the admin's upload does: each file is "
        "kept under its SHA-256 and read through the configured task backend, one file at a "
        "time in its own transaction. Run it again to resume: files already in are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="make each source at once, without a draft to confirm (batch use)",
        )

    def handle(self, *args, paths, confirm, **options):
        files = list(files_under(paths))
        requeued = queue_stuck()
        if requeued:
            self.stdout.write(
                f"Queued again {requeued} document(s) left reading by a stopped worker."
            )
        tally = {"made": 0, "queued": 0, "duplicate": 0, "refused": 0, "skipped": 0}
        width = len(str(len(files)))
        for number, path in enumerate(files, start=1):
            outcome = self.bring_in(path, confirm)
            tally[outcome.split(":")[0]] += 1
            self.stdout.write(f"[{number:>{width}}/{len(files)}] {path}: {outcome}")
        self.stdout.write(
            "Done: {made} made, {queued} queued, {duplicate} duplicates, {refused} refused, "
            "{skipped} already in.".format(**tally)
        )

    def bring_in(self, path: Path, confirm: bool) -> str:
        if path.stat().st_size > settings.DOCUMENT_MAX_BYTES:
            return f"refused: larger than DOCUMENT_MAX_BYTES ({settings.DOCUMENT_MAX_BYTES} bytes)"
        with transaction.atomic():  # the original and its row, or neither
            stored = store(path.read_bytes(), path.name, confirm=confirm, queue=False)
        if not stored.new:
            return "skipped: already in"
        # Queued once its row is committed: read here and now by the immediate backend
        # (the default), else by the workers.
        read_document.enqueue(stored.document.pk)
        document = Document.objects.get(pk=stored.document.pk)  # as its reading left it
        if document.state == Document.State.REFUSED:
            duplicate = document.duplicate_of or document.duplicate_of_document
            return f"{'duplicate' if duplicate else 'refused'}: {document.reason_shown}"
        if document.state == Document.State.READY:
            made = document.source or "draft to confirm"
            return f"made: {made}" + (
                f" (likely republishes {document.likely_republishes})"
                if document.likely_republishes_id
                else ""
            )
        return "queued: a worker will read it"
