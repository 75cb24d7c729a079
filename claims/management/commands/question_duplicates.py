from django.core.management.base import BaseCommand

from claims.similar import DUPLICATES_LISTED, DUPLICATES_SCANNED, possible_duplicates


class Command(BaseCommand):
    help = (
        "List pairs of questions that may ask the same thing, closest first, one per line: "
        "both slugs, the score (0 to 1) and why. The same list as the admin's “Possible "
        "duplicates” page; run it to find questions to merge."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scan",
            type=int,
            default=DUPLICATES_SCANNED,
            metavar="N",
            help=f"compare the N questions changed last with all others ({DUPLICATES_SCANNED})",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=DUPLICATES_LISTED,
            metavar="N",
            help=f"list at most N pairs ({DUPLICATES_LISTED})",
        )

    def handle(self, *args, scan, limit, **options):
        pairs = possible_duplicates(scanned=max(scan, 0), listed=max(limit, 0))
        for pair in pairs:
            self.stdout.write(
                f"{pair.first.slug}  {pair.second.slug}  {pair.score:.2f}  {pair.reason}"
            )
        self.stdout.write(f"{len(pairs)} possible duplicate pairs.")
