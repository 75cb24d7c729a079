"""
Import a large CSV file of claims: the admin's import without its row limit.

Every row is read and validated as the admin's import validates it (the same resource,
the model's validation, the quote found in its source); nothing is written unless every
row is valid. Rows are written in batches with their history, and the analysis of the
questions they touch is refreshed.
"""

import os
import time
from contextlib import suppress
from itertools import islice

from django.core.checks import Tags
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from claims.bulk import create_with_history
from claims.imports import FileError, file_encoding, open_rows
from claims.models import Claim, Question
from claims.refresh import Refresh
from claims.resources import ClaimResource
from dossier.publication import keep_published_version
from pages.changes import changed as pages_changed
from sources.models import Actor, Source

BATCH = 2000
MAX_ERRORS = 20
# Sources (with their texts, to check quotes in) and actors kept between batches.
KEPT = 5000
# The stored fields a row may change; version is bumped for every changed claim.
WRITTEN = [
    field.name
    for field in Claim._meta.concrete_fields
    if field.name not in ("id", "updated_at", "version")
]


class Invalid(Exception):
    """Rows that cannot be imported, with their numbers and reasons."""


class Command(BaseCommand):
    help = (
        "Import claims from a CSV file in the admin's import format (the export_claims "
        "columns, then the optional ones). For files larger than the admin takes. All or "
        "nothing: unless every row is valid, nothing is written. Shows its progress on stderr."
    )
    # Only the models it writes: checking the URLs, templates and admin, which it never
    # uses, took most of a second.
    requires_system_checks = [Tags.models]

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8 or Windows-1252; , ; or tab)")
        parser.add_argument("--quiet", action="store_true", help="no progress counter")

    def handle(self, *args, file, quiet=False, **options):
        self.quiet = quiet
        self.file_name = os.path.basename(file)
        started = time.perf_counter()
        try:
            with open(file, encoding=file_encoding(file), newline="") as stream:
                headers, rows = open_rows(stream)
                with transaction.atomic():
                    counts = self.import_rows(headers, rows)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except (FileError, Invalid) as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        seconds = time.perf_counter() - started
        total = sum(counts.values())
        questions, refresh_seconds = self.refreshed
        self.stdout.write(
            f"Imported {total} rows in {seconds:.1f} s: {counts['new']} new, "
            f"{counts['update']} updated, {counts['skip']} unchanged; the analysis of "
            f"{questions} questions refreshed in {refresh_seconds:.1f} s of them."
        )

    def import_rows(self, headers, rows) -> dict[str, int]:
        missing = {"question_slug", "source", "stated_value", "quote"} - set(headers)
        if missing:
            raise Invalid(f"The first line lacks the column(s) {', '.join(sorted(missing))}.")
        refresh = Refresh()
        try:
            counts = self.read_and_write(headers, rows, refresh)
            started = time.perf_counter()
            self.refreshed = (refresh.finish(), time.perf_counter() - started)
            # The questions' pages are renewed by the refresh; the sources' and actors' here.
            pages_changed(claims_of_sources=self.sources, claims_of_actors=self.actors)
        finally:
            refresh.close()
        return counts

    def read_and_write(self, headers, rows, refresh) -> dict[str, int]:
        """Every row read and validated, and written a batch at a time if all are valid;
        the questions each batch touched are analysed anew as the next batches are read."""
        resource = ClaimResource()
        self.sources, self.actors = set(), set()
        counts = {"new": 0, "update": 0, "skip": 0}
        errors, new, changed = [], [], []
        number, self.seen = 0, {}
        while len(errors) < MAX_ERRORS:
            chunk = [
                (number, dict(zip(headers, cells, strict=True)))
                for number, cells in islice(rows, BATCH)
            ]
            if not chunk:
                break
            resource.changed_questions = set()
            known = self.look_up(resource, [row for _number, row in chunk])
            for number, row in chunk:
                self.number = number
                try:
                    claim, kind = self.read_row(resource, row, known, constraints=bool(errors))
                except ValidationError as error:
                    errors.append((number, error))
                    if len(errors) >= MAX_ERRORS:
                        break
                    continue
                counts[kind] += 1
                if kind == "new":
                    new.append((number, claim))
                elif kind == "update":
                    changed.append((number, claim))
                self.progress(number)
            if not errors:
                self.write(new, changed)
                new, changed = [], []
                refresh.touched(resource.changed_questions)
        if errors:
            # Nothing more is written: name the unwritten rows the database would refuse too.
            errors += constraint_errors([*new, *changed])
            raise Invalid(describe(sorted(errors, key=lambda error: error[0])))
        self.progress(number, done=True)
        return counts

    def look_up(self, resource, rows) -> dict:
        """What a batch of rows names, in a few queries: questions, cited actors, sources
        not met in an earlier batch, and the claims of those questions that the rows may
        update."""
        questions_named = resource.fields["question_slug"].widget
        questions_named.memo.clear()  # a batch's questions at a time in memory
        # Sources and actors are few, and sources long: each is read once, not once a batch.
        sources, actors = (resource.fields[name].widget for name in ("source", "actor"))
        for widget in (sources, actors):
            if len(widget.memo) > KEPT:
                widget.memo.clear()
        # A row reads its question's type of answer, and nothing else of it.
        questions = self.seed(
            questions_named, Question.objects.only("slug", "value_type"), rows, "question_slug"
        )
        self.seed(
            sources, Source.objects.only("slug", "title", "text"), rows, "source", "source_slug"
        )
        self.seed(actors, Actor.objects, rows, "actor", "actor_slug")
        # Only the claims a row can update, with its wording: not every claim of the questions.
        stated = set()
        for row in rows:
            with suppress(ValueError):  # read_row names the error
                stated.add(resource.fields["stated_value"].clean(row))
        known = {}
        for claim in Claim.objects.filter(
            question__any=questions, stated_value__any=stated
        ).order_by():
            known.setdefault(key(claim.question_id, claim.source_id, claim), claim)
        return known

    @staticmethod
    def seed(widget, objects, rows, *columns) -> list:
        """Objects named by their slugs (the last column), found at once for the whole
        batch, unless the widget knows them already; returns those found now."""
        named = {tuple(row.get(column) for column in columns) for row in rows}
        named = {cells for cells in named if cells[-1] and cells not in widget.memo}
        slugs = {cells[-1].strip() for cells in named}
        found = (
            {obj.slug: obj for obj in objects.filter(slug__any=slugs).order_by()} if slugs else {}
        )
        for cells in named:
            if cells[-1].strip() in found:
                widget.memo[cells] = (found[cells[-1].strip()], None)
        return list(found.values())

    def read_row(self, resource, row, known, constraints=False) -> tuple[Claim, str]:
        """The row's claim, validated, and whether it is new, an update or unchanged.

        The constraints are the database's to check, all at once when written (each would
        cost a query per row here); once a row has failed, nothing more is written, and
        they are checked here.
        """
        errors = {}
        claim = self.existing(resource, row, known) if known else None
        before = None if claim is None else [getattr(claim, f.attname) for f in CONCRETE]
        claim = claim or Claim()
        try:
            resource.import_instance(claim, row)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            # The related objects were just found: no query to find them again.
            claim.full_clean(
                exclude=[*RELATED, *errors], validate_unique=False, validate_constraints=False
            )
            if constraints and not errors:
                claim.validate_constraints()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        wanted = key(claim.question_id, claim.source_id, claim)
        if wanted in self.seen:
            raise ValidationError(
                f"It repeats row {self.seen[wanted]}: the same question, source, actor and "
                "stated value."
            )
        self.seen[wanted] = self.number
        if before is None:
            resource.changed_questions.add(claim.question_id)
            return claim, "new"
        if before == [getattr(claim, f.attname) for f in CONCRETE]:
            return claim, "skip"
        resource.changed_questions |= {before[QUESTION], claim.question_id}
        claim.version += 1  # an editor's open form of this claim is now stale
        if claim.is_published:
            # What readers see changes: a correction, dated and said so in its history.
            claim.corrected_at = timezone.now()
        return claim, "update"

    def existing(self, resource, row, known) -> Claim | None:
        """The claim this row updates, among those the batch may update. A name that
        cannot be found is left for import_instance to report at its column."""
        columns = ("question_slug", "source", "actor", "stated_value")
        try:
            question, source, actor, stated = (
                resource.fields[column].clean(row) if column in row else None for column in columns
            )
        except ValueError:
            return None
        if question is None or source is None:
            return None
        return known.get((question.pk, source.pk, actor.pk if actor else None, stated))

    def write(self, new, changed):
        """One batch, with its history; a constraint the database refuses names its row."""
        for _number, claim in [*new, *changed]:
            self.sources.add(claim.source_id)
            self.actors.add(claim.actor_id)
        try:
            with transaction.atomic():
                if new:
                    create_with_history(Claim, [claim for _n, claim in new])
                if changed:
                    corrected = [claim.pk for _n, claim in changed if claim.is_published]
                    keep_published_version(Claim, corrected)
                    bulk_update_with_history(
                        [claim for _n, claim in changed],
                        Claim,
                        [*WRITTEN, "version", "corrected_at"],
                        batch_size=500,
                        default_change_reason=f"Changed by an import of {self.file_name}.",
                    )
        except IntegrityError as error:
            errors = constraint_errors([*new, *changed])
            raise Invalid(describe(errors) or str(error).splitlines()[0]) from None

    def progress(self, number, done=False):
        if self.quiet or not (done or number % 1000 == 0):
            return
        self.stderr.write(f"\r{number:,} rows read", ending="\n" if done else "")
        self.stderr.flush()


RELATED = ["question", "source", "actor", "place"]
CONCRETE = [f for f in Claim._meta.concrete_fields if f.name != "updated_at"]
QUESTION = [f.name for f in CONCRETE].index("question")


def key(question_id, source_id, claim) -> tuple:
    return (question_id, source_id, claim.actor_id, claim.stated_value)


def constraint_errors(numbered_claims) -> list[tuple[int, ValidationError]]:
    errors = []
    for number, claim in numbered_claims:
        try:
            claim.validate_constraints()
        except ValidationError as error:
            errors.append((number, error))
    return errors


def describe(errors) -> str:
    lines = []
    for number, error in errors:
        for field, messages in (
            error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
        ):
            name = "" if field in ("", "__all__") else f"{field}: "
            lines += [f"Row {number}: {name}{message}" for message in messages]
    return "\n".join(lines)
