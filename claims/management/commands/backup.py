"""
Write the whole site to one file: the dossier, its edit history, users and groups.

One JSON object a line (JSON Lines; gzip-compressed if FILE ends in .gz), read and
written a row at a time, so the backup of a large dossier takes little memory.
References to content types and permissions are written by name: the database a
backup is restored into numbers them its own way. Everything else keeps its key,
so history rows that point at deleted objects are kept as they are.

After the rows come the files they name (the documents' originals), a part a line in
base64, each checked against its SHA-256 as it is read (claims/backed_up_files.py).

Every row is read in one transaction, a snapshot of the site at one moment however
editors write meanwhile, and the file ends with a manifest (claims/backup_file.py).
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from claims.backed_up_files import CannotBackUp, write_files
from claims.backup_file import written_whole
from dossier.snapshots import one_snapshot

# Rebuilt by `migrate` in the database restored into, or transient.
# Page versions are not data: a restore renews every page (changed_everything).
# Task results and the documents' fingerprints are transient too (fingerprints are made
# anew from the sources when next needed).
NOT_BACKED_UP = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "pages",
    "django_tasks_database",
    "documents.fingerprint",
    "documents.shingle",
]
# Written with names for content types, permissions, groups and users.
BY_NAME = ["auth.group", "auth.user", "admin.logentry"]
# JSON Lines with times to the microsecond (claims/backup_format.py, named in the
# settings); `restore` reads them as any JSON Lines.
FORMAT = "jsonl-exact"


def backup_name_error(path: str) -> str | None:
    if not (path.endswith(".jsonl") or path.endswith(".jsonl.gz")):
        return "Name the backup FILE.jsonl, or FILE.jsonl.gz to compress it."
    return None


def write_backup(stream) -> None:
    dump = {"format": FORMAT, "stdout": stream, "verbosity": 0}
    call_command("dumpdata", *BY_NAME[:2], natural_foreign=True, **dump)
    call_command("dumpdata", exclude=NOT_BACKED_UP + BY_NAME, **dump)
    call_command("dumpdata", BY_NAME[2], natural_foreign=True, **dump)


class Command(BaseCommand):
    help = (
        "Back up the whole site into FILE.jsonl or FILE.jsonl.gz, as it is at one moment; "
        "`restore` reads it back, `restore --check` verifies it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup (.jsonl or .jsonl.gz)")

    def handle(self, *args, file: str, **options):
        if error := backup_name_error(file):
            raise CommandError(error)
        path = Path(file)
        if not path.parent.is_dir():
            raise CommandError(f"There is no directory {path.parent} to write the backup into.")
        try:
            with one_snapshot(read_only=True), written_whole(path) as stream:
                write_backup(stream)
                write_files(stream)
        except CannotBackUp as error:
            raise CommandError(f"{error} The backup was not written.") from error
        self.stdout.write(f"Backed up the site into {file}.")
