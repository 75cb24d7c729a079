from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim
from sources.models import Source
from sources.text import quote_found


class Command(BaseCommand):
    help = (
        "Check that every claim's quote stands verbatim in its source's text (whitespace "
        "aside). Exits non-zero and names each claim whose quote is not found. Run it "
        "after importing or editing claims."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="only this source's claims")

    def handle(self, *args, source=None, **options):
        sources = Source.objects.all()
        if source:
            sources = sources.filter(slug=source)
            if not sources.exists():
                raise CommandError(f"No source with the slug {source!r}.")
        checked = 0
        missing = []
        # One source's text at a time: claims are many, texts are long.
        for source_obj in sources.only("pk", "slug", "text").iterator(chunk_size=100):
            claims = Claim.objects.filter(source=source_obj).values_list(
                "pk", "question__slug", "quote"
            )
            for pk, question_slug, quote in claims:
                checked += 1
                if not quote_found(quote, source_obj.text):
                    missing.append(pk)
                    self.stdout.write(
                        f"Claim {pk} ({question_slug}, source {source_obj.slug}): "
                        f"quote not found: {quote[:120]!r}"
                    )
        if missing:
            raise CommandError(f"{len(missing)} of {checked} quotes not found in their sources.")
        self.stdout.write(f"All {checked} quotes found in their sources.")
