from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from claims.models import Claim, Event, Question
from pages.changes import changed_everything
from sources.models import Actor, ActorAlias, Source

DOSSIER_MODELS = [Actor, ActorAlias, Source, Event, Question, Claim]


class Command(BaseCommand):
    help = (
        "Load the Kazakhstan 2022 demo into an empty database. A database that already "
        "holds dossier data is kept as it is: loading the demo again would overwrite "
        "editors' changes to it. Run by `make demo`."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Two loads at once: the second waits, then finds the first one's data.
                with connection.cursor() as cursor:
                    cursor.execute("LOCK TABLE claims_claim IN SHARE ROW EXCLUSIVE MODE")
            held = {
                model._meta.verbose_name_plural: model.objects.count()
                for model in DOSSIER_MODELS
                if model.objects.exists()
            }
            if held:
                summary = ", ".join(f"{count} {name}" for name, count in held.items())
                self.stdout.write(
                    f"The database already holds a dossier ({summary}): it is kept as it "
                    "is, and the demo is not loaded."
                )
                return
            call_command("loaddata", "kazakhstan-2022", verbosity=0)
            changed_everything()
        self.stdout.write(f"Loaded the demo: {Claim.objects.count()} claims.")
