"""
Restore a backup written by `backup` into an empty database, or (with --replace) in
place of everything a database holds. All or nothing: the file is checked against its
manifest before anything is touched (claims/backup_file.py), then loaded in one
transaction; a file that does not pass or does not load leaves the database as it was.
The files the rows name (the documents' originals) are checked and staged aside with the
rows, and go into their storage only once the rows are loaded; if the restore fails after
all, those it added are taken away again (claims/backed_up_files.py).
"""

import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.test.utils import override_settings

from claims.backed_up_files import FilesDiffer, Staged, put_back, take_away, to_put_back
from claims.backup_file import BackupRefused, verify
from claims.management.commands.backup import backup_name_error
from claims.models import Claim, Event, Question
from dossier.maintenance import restoring
from pages.changes import changed_everything
from sources.models import Actor, Source


def keep_deleted_keys_unused(connection):
    """A deleted object's key lives on in its history: a new object must not take it,
    as it would not have before the backup. Each table's counter continues after the
    highest key its history names (loaddata sets it after the highest key left)."""
    with connection.cursor() as cursor:
        for model in apps.get_models():
            manager = getattr(model._meta, "simple_history_manager_attribute", None)
            if not manager:
                continue
            highest = getattr(model, manager).aggregate(highest=Max("id"))["highest"]
            if highest is None:
                continue
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"GREATEST(%s, (SELECT COALESCE(MAX(id), 0) FROM {table})))",
                    [table, highest],
                )
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) "
                    f"SELECT %s, MAX(%s, COALESCE(MAX(id), 0)) FROM {table}",
                    [table, highest],
                )


def empty_database(connection):
    """Empty every table but content types and permissions, which `migrate` made and
    the backup names by name.

    DELETE, not `flush`'s TRUNCATE: on PostgreSQL a TRUNCATE locks its table against
    every reader until the restore commits; after a DELETE, readers go on reading the
    rows as they were until then (the foreign keys are checked at the commit)."""
    kept = {ContentType._meta.db_table, Permission._meta.db_table}
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        for table in sorted(set(tables) - kept):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def holds_data() -> bool:
    return (
        any(model.objects.exists() for model in (Claim, Question, Event, Source, Actor))
        or get_user_model().objects.exists()
    )


def rows_differ(counts: dict[str, int]) -> str | None:
    """What the database holds after loading, measured against the manifest."""
    for label, expected in counts.items():
        found = apps.get_model(label)._base_manager.count()
        if found != expected:
            return f"{label} has {found} rows after loading, where the backup holds {expected}"
    return None


class Command(BaseCommand):
    help = (
        "Restore the whole site from a backup FILE written by `manage.py backup`, once the "
        "file is checked against its manifest; with --check, only check it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup (.jsonl or .jsonl.gz)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace what the database holds (otherwise it must be empty)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only check the backup against its manifest; change nothing",
        )
        parser.add_argument(
            "--no-verify-key",
            action="store_true",
            help="accept a backup signed with another BACKUP_KEY (its checksum is still checked)",
        )

    def handle(self, *args, file: str, replace: bool, check: bool, no_verify_key: bool, **opts):
        if error := backup_name_error(file):
            raise CommandError(error)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no backup at {file}.")
        with tempfile.TemporaryDirectory() as scratch:
            rows = Path(scratch) / "rows.jsonl"
            files = Path(scratch) / "files"
            files.mkdir()
            try:
                backup = verify(
                    path,
                    copy_to=rows,
                    files_to=None if check else files,
                    check_key=not no_verify_key,
                )
            except BackupRefused as refusal:
                raise CommandError(f"{refusal} Nothing was changed.") from refusal
            if check:
                self.stdout.write(f"The backup {file} is whole: {backup.summary()}.")
                return
            call_command("migrate", verbosity=0)
            if holds_data() and not replace:
                raise CommandError(
                    "The database already holds a dossier or users. Restore into an empty "
                    "database, or add --replace to replace everything it holds."
                )
            with restoring():
                self.load(rows, backup.counts, backup.files)
        self.stdout.write(f"Restored the site from {file}: {backup.summary()}.")

    def load(self, rows: Path, counts: dict[str, int], files: list[Staged]) -> None:
        written = []  # the files added to a storage
        try:
            self.load_in_one_transaction(rows, counts, files, written)
        except BaseException:
            # The files go in once the rows are loaded, but what follows can still fail,
            # the commit too (PostgreSQL checks foreign keys then): take them away again.
            take_away(written)
            raise

    def load_in_one_transaction(self, rows, counts, files, written: list) -> None:
        try:
            with transaction.atomic():
                empty_database(connection)
                # The backup holds the history as it was: loading must not add to it.
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", str(rows), verbosity=0)
                if difference := rows_differ(counts):
                    raise CommandError(f"{difference}. Nothing was changed.")
                put_back(to_put_back(files), written)
                keep_deleted_keys_unused(connection)
                # Everything may differ: every kept page is renewed, in every process.
                changed_everything()
        except FilesDiffer as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        except (DeserializationError, DatabaseError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else error
            raise CommandError(
                f"The backup could not be restored, and nothing was changed: {first_line}"
            ) from error
