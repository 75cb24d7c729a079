from django.core.management.base import BaseCommand, CommandError

from claims.coverage import Sentences, context, coverage, quoted_spans
from claims.models import Claim
from claims.similar import FigureMatcher
from sources.models import Source


class Command(BaseCommand):
    help = (
        "List, per source, the figures and dates in its text that no claim quotes yet, each "
        "with a little context and the questions each may answer, best first: what the "
        "reading view shows editors under “Not yet claimed”. "
        "Run it to see how much of a source is entered."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="only this source")

    def handle(self, *args, source=None, **options):
        sources = Source.objects.order_by("slug")
        if source:
            sources = sources.filter(slug=source)
            if not sources.exists():
                raise CommandError(f"No source with the slug {source!r}.")
        totals = [0, 0]
        fields = ("pk", "slug", "text", "language", "published_on")
        for source_obj in sources.only(*fields).iterator(chunk_size=100):
            claims = list(Claim.objects.filter(source=source_obj).only("question_id", "quote"))
            found = coverage(
                source_obj.text,
                quoted_spans(source_obj.text, [claim.quote for claim in claims]),
                source_obj.language,
                source_obj.published_on,
            )
            matcher = FigureMatcher(source_obj.text, claims) if found.unclaimed else None
            sentences = Sentences(source_obj.text)
            totals[0] += len(found.figures)
            totals[1] += found.claimed
            self.stdout.write(
                f"{source_obj.slug}: {found.claimed} of {len(found.figures)} figures and dates "
                f"claimed, {len(found.unclaimed)} not yet"
            )
            for figure in found.unclaimed:
                before, stated, after = context(source_obj.text, figure.start, figure.end)
                self.stdout.write(f"  {figure.start:>6}  {stated}  ({before}[{stated}]{after})")
                around = sentences.around(figure.start, figure.end)
                for suggestion in matcher.suggest(figure, around):
                    self.stdout.write(
                        f"          may answer {suggestion.question.slug} "
                        f"({suggestion.score:.2f}: {suggestion.reason})"
                    )
        self.stdout.write(f"In all: {totals[1]} of {totals[0]} figures and dates claimed.")
