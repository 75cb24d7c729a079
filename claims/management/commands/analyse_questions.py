from django.core.management.base import BaseCommand

from claims.models import Question


class Command(BaseCommand):
    help = (
        "Re-run the agreement analysis of every question (or of some, by slug) and store "
        "its result for the index. Run it after loading or importing claims in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="questions to analyse")

    def handle(self, *args, slugs=(), **options):
        questions = Question.objects.all()
        if slugs:
            questions = questions.filter(slug__in=slugs)
        count = questions.refresh_analysis()
        self.stdout.write(f"Analysed {count} questions.")
