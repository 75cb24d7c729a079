"""`load_demo`, whose sources' texts come in as documents do: each kept as its original
and read back through the documents' path, which must give the source's text exactly."""

from django.db import transaction

from claims.management.commands.load_demo import Command as LoadDemo
from documents.intake import bring_in_text_of
from documents.models import Document
from sources.models import Source


class Command(LoadDemo):
    def handle(self, *args, **options):
        fresh = not Source.objects.exists()  # a dossier held is kept as it is
        super().handle(*args, **options)
        if not fresh:
            return
        with transaction.atomic():
            if Document.objects.exists():
                return
            for source in Source.objects.order_by("pk"):
                bring_in_text_of(source)
