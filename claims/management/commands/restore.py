"""
Restore a backup written by `backup` into an empty database, or (with --replace) in
place of everything a database holds. All or nothing: a file that does not load
leaves the database as it was.
"""

from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.test.utils import override_settings

from claims.management.commands.backup import backup_name_error
from claims.models import Claim, Event, Question
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
    """Empty every table; content types and permissions are created again."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses while checks of earlier writes in this transaction wait.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def holds_data() -> bool:
    return (
        any(model.objects.exists() for model in (Claim, Question, Event, Source, Actor))
        or get_user_model().objects.exists()
    )


class Command(BaseCommand):
    help = "Restore the whole site from a backup FILE written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup (.jsonl or .jsonl.gz)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace what the database holds (otherwise it must be empty)",
        )

    def handle(self, *args, file: str, replace: bool, **options):
        if error := backup_name_error(file):
            raise CommandError(error)
        if not Path(file).is_file():
            raise CommandError(f"There is no backup at {file}.")
        call_command("migrate", verbosity=0)
        if holds_data() and not replace:
            raise CommandError(
                "The database already holds a dossier or users. Restore into an empty "
                "database, or add --replace to replace everything it holds."
            )
        try:
            with transaction.atomic():
                empty_database(connection)
                # The backup holds the history as it was: loading must not add to it.
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", str(Path(file).resolve()), verbosity=0)
                keep_deleted_keys_unused(connection)
                # Everything may differ: every kept page is renewed, in every process.
                changed_everything()
        except (DeserializationError, DatabaseError, EOFError, OSError) as error:
            raise CommandError(
                f"The backup could not be restored, and nothing was changed: {error}"
            ) from error
        self.stdout.write(f"Restored the site from {file}.")
