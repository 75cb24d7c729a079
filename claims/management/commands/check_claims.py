from django.core.management.base import BaseCommand, CommandError

from claims.claim_checks import as_of_publication_dates, unnamed_speakers
from sources.models import Source


class Command(BaseCommand):
    help = (
        "List the claims to read again against their source: an as-of date that is only the "
        "source's publication date, and a claim credited to an actor whose passage does not "
        "name it. One line per claim, saying what to check, and a count at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="only this source's claims")

    def handle(self, *args, source=None, **options):
        sources = Source.objects.all()
        if source:
            sources = sources.filter(slug=source)
            if not sources.exists():
                raise CommandError(f"No source with the slug {source!r}.")
        dates = list(as_of_publication_dates(sources))
        speakers = list(unnamed_speakers(sources))
        for finding in [*dates, *speakers]:
            self.stdout.write(str(finding))
        self.stdout.write(
            f"{len(dates) + len(speakers)} to check: {len(dates)} as-of dates that are the "
            f"publication date, {len(speakers)} actors their passage does not name."
        )
