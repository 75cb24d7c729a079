from django.core.management.base import BaseCommand, CommandError

from claims.export import write_csv
from claims.models import Claim, Event, Question


class Command(BaseCommand):
    help = (
        "Write every claim as CSV (UTF-8, one header row) to standard output, for "
        "spreadsheets and other tools. Narrow it with --question or --event."
    )

    def add_arguments(self, parser):
        parser.add_argument("--question", metavar="SLUG", help="only this question's claims")
        parser.add_argument("--event", metavar="SLUG", help="only claims about this event")

    def handle(self, *args, question=None, event=None, **options):
        claims = Claim.objects.all()
        if question:
            if not Question.objects.filter(slug=question).exists():
                raise CommandError(f"No question with the slug {question!r}.")
            claims = claims.filter(question__slug=question)
        if event:
            if not Event.objects.filter(slug=event).exists():
                raise CommandError(f"No event with the slug {event!r}.")
            claims = claims.filter(question__event__slug=event)
        write_csv(claims, self.stdout)
