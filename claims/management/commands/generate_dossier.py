"""
A realistic synthetic dossier for measuring Dossier at scale.

N claims answer about N/10 questions; thousands of sources carry stored texts in
which every claim's quote really occurs; actors and places have aliases; figures
come with qualifiers, bounds and as-of dates. Rows go in by COPY on PostgreSQL.
"""

import datetime
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from claims.bulk import copy_rows
from claims.models import Claim, Event, Question
from dossier.publication import PUBLISHED
from pages.changes import changed_everything
from sources.models import Actor, ActorAlias, Source

FIRST_NAMES = ["Aruzhan", "Dauren", "Nurlan", "Saule", "Yerlan", "Aigerim", "Bolat", "Zhanna"]
SYLLABLES = ["ba", "ke", "zhu", "mo", "sa", "ty", "le", "gen", "ra", "da", "nu", "ser"]
BODIES = ["Ministry", "Committee", "Prosecutor's Office", "Agency", "Council", "Commission"]
PLACE_ENDS = ["aozen", "tau", "ganda", "korgan", "orda", "kamen", "kent", "agash", "irtau", "sk"]
FILLER = [
    "Die Lage blieb am Abend angespannt.",
    "Beobachter sprachen von einer neuen Phase der Krise.",
    "Die Regierung kündigte weitere Maßnahmen an.",
    "Unabhängige Angaben waren zunächst nicht zu erhalten.",
    "Mehrere Medien berichteten übereinstimmend darüber.",
    "Die Opposition widersprach der offiziellen Darstellung.",
    "Internationale Organisationen forderten Aufklärung.",
]
# (bound, German qualifier)
QUALIFIERS = [
    ("exact", ""),
    ("exact", ""),
    ("approximate", "etwa "),
    ("approximate", "rund "),
    ("at_least", "mindestens "),
    ("more_than", "mehr als "),
    ("almost", "fast "),
    ("range", ""),
]


def syllables(index: int, count: int = 4) -> str:
    """A distinct, pronounceable word for each index: Kezhumosa, Zhumosaty, …"""
    parts = []
    for _ in range(count):
        index, digit = divmod(index, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


def german_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def transliterate(name: str) -> str:
    """A German-style spelling of a Latin transliteration: Zhanaozen → Schanaosen."""
    for english, german in [("Zh", "Sch"), ("zh", "sch"), ("y", "j"), ("v", "w"), ("ts", "z")]:
        name = name.replace(english, german)
    return name


class Command(BaseCommand):
    help = (
        "Create a realistic synthetic dossier of N claims (about N/10 questions, thousands "
        "of sources with texts containing every quote, actors and places with aliases), "
        "for benchmarks. Adds to the database; use an empty one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True, help="how many claims")
        parser.add_argument("--seed", type=int, default=2022, help="random seed")

    def handle(self, *args, claims: int, seed: int, **options):
        if claims < 10:
            raise CommandError("Generate at least 10 claims.")
        if Question.objects.filter(slug__startswith="synthetic-").exists():
            raise CommandError("A synthetic dossier is already loaded; use an empty database.")
        started = time.perf_counter()
        self.random = random.Random(seed)
        with transaction.atomic():
            count = self.generate(claims)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Generated {count} claims in {elapsed:.1f} s ({count / elapsed:,.0f} claims/s); "
            f"the claims were written in {self.copy_seconds:.1f} s "
            f"({count / self.copy_seconds:,.0f} claims/s)."
        )

    def generate(self, total: int) -> int:
        rnd = self.random
        n_questions = max(1, total // 10)
        n_sources = max(20, total // 200)
        n_actors = max(20, total // 500)
        n_places = max(10, total // 1000)
        n_events = max(3, total // 5000)
        n_outlets = max(5, total // 10000)

        actors = self.make_actors(n_actors, n_places, n_outlets)
        people = [a for a in actors if a.kind != Actor.Kind.PLACE and a.kind != "media_outlet"]
        places = [a for a in actors if a.kind == Actor.Kind.PLACE]
        outlets = [a for a in actors if a.kind == "media_outlet"]
        spellings = {a.pk: [a.name, *a.spellings] for a in actors}

        events = Event.objects.bulk_create(
            Event(
                name=f"Synthetic affair {i}",
                slug=f"synthetic-affair-{i}",
                starts_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=rnd.randrange(1500)),
                starts_precision="day",
                place=rnd.choice(places),
                description=f"A generated affair in {rnd.choice(places).name}.",
            )
            for i in range(n_events)
        )
        questions = Question.objects.bulk_create(
            Question(
                event=rnd.choice(events),
                slug=f"synthetic-{i}",
                text_en=f"How many people were detained in {rnd.choice(places).name} ({i})?",
                text_de=f"Wie viele Menschen wurden festgenommen ({i})?",
                value_type=Question.ValueType.COUNT,
                unit="people",
                scope_note="Generated for benchmarks.",
                status=PUBLISHED,
            )
            for i in range(n_questions)
        )

        # Plan every claim first: its quote must stand in its source's text.
        plans, quotes_by_source = [], [[] for _ in range(n_sources)]
        source_dates = [
            datetime.date(2021, 1, 1) + datetime.timedelta(days=rnd.randrange(1400))
            for _ in range(n_sources)
        ]
        for index in range(total):
            question = questions[index % n_questions]
            source_index = rnd.randrange(n_sources)
            actor = rnd.choice(people) if rnd.random() < 0.7 else None
            place = rnd.choice(places)
            figure = rnd.randrange(50, 20000)
            bound, qualifier = rnd.choice(QUALIFIERS)
            if bound == "range":
                stated = f"zwischen {german_number(figure)} und {german_number(figure * 2)}"
            else:
                stated = qualifier + german_number(figure)
            who = rnd.choice(spellings[actor.pk]) if actor else "Beobachtern"
            where = rnd.choice(spellings[place.pk])
            quote = (
                f"Nach Angaben von {who} wurden in {where} {stated} Menschen festgenommen "
                f"(Meldung {index})."
            )
            quotes_by_source[source_index].append(quote)
            published = source_dates[source_index]
            as_of = published - datetime.timedelta(days=rnd.randrange(0, 5))
            plans.append((question, source_index, actor, bound, figure, stated, quote, as_of))

        sources = Source.objects.bulk_create(
            Source(
                title=f"Synthetischer Bericht {i}",
                slug=f"synthetic-report-{i}",
                outlet=rnd.choice(outlets),
                published_on=source_dates[i],
                published_precision="day",
                language="de",
                kind=Source.Kind.NEWS_REPORT,
                text=self.source_text(quotes),
                status=PUBLISHED,
                text_public=True,
            )
            for i, quotes in enumerate(quotes_by_source)
        )
        source_ids = [source.pk for source in sources]

        now = timezone.now()
        fields = [
            "question",
            "source",
            "actor",
            "attribution",
            "stated_value",
            "bound",
            "value",
            "value_min",
            "value_max",
            "date_precision",
            "text_value",
            "scope",
            "as_of",
            "as_of_precision",
            "quote",
            "quote_translation",
            "rank",
            "rank_reason",
            "notes",
            "updated_at",
            "version",
            "status",
            "published_at",
            "review_note",
        ]
        analysed = {}

        def rows():
            for question, source_index, actor, bound, figure, stated, quote, as_of in plans:
                claim = Claim(
                    question=question,
                    source_id=source_ids[source_index],
                    actor=actor,
                    bound=bound,
                    stated_value=stated,
                    as_of=as_of,
                    as_of_precision="day",
                )
                if bound == "range":
                    claim.value_min, claim.value_max = Decimal(figure), Decimal(figure * 2)
                else:
                    claim.value = Decimal(figure)
                    claim.fill_bounds()
                claim.source = sources[source_index]
                analysed.setdefault(question.pk, []).append(claim.as_answer())
                yield (
                    question.pk,
                    claim.source_id,
                    actor.pk if actor else None,
                    "according_to" if actor else "own",
                    stated,
                    bound,
                    claim.value,
                    claim.value_min,
                    claim.value_max,
                    "",
                    "",
                    "",
                    as_of,
                    "day",
                    quote,
                    "",
                    "normal",
                    "",
                    "",
                    now,
                    1,
                    PUBLISHED,
                    now,
                    "",
                )

        copy_started = time.perf_counter()
        count = copy_rows(Claim, fields, rows())
        self.copy_seconds = time.perf_counter() - copy_started
        prefetch_related_objects(questions, "verdict")  # none yet: one query, not one each
        for question in questions:
            question.apply_analysis(analysed.get(question.pk, []))
        Question.objects.bulk_update(questions, Question.ANALYSIS_FIELDS, batch_size=2000)
        # Thousands of new objects: every page is renewed, not each by name.
        changed_everything()
        return count

    def make_actors(self, n_actors: int, n_places: int, n_outlets: int) -> list[Actor]:
        rnd = self.random
        specs = []
        for i in range(n_actors):
            if i % 3 == 0:
                name = f"{rnd.choice(BODIES)} {i}"
                specs.append((Actor.Kind.GOVERNMENT_BODY, name, [f"{name} (KZ)"]))
            else:
                name = f"{rnd.choice(FIRST_NAMES)} {syllables(i * 7919)}ov"
                specs.append((Actor.Kind.PERSON, name, [transliterate(name)]))
        for i in range(n_places):
            name = f"{syllables(i * 104729 + 17, 3)}{rnd.choice(PLACE_ENDS)}"
            specs.append((Actor.Kind.PLACE, name, [transliterate(name), name.replace("a", "ä", 1)]))
        for i in range(n_outlets):
            specs.append(("media_outlet", f"Synthetic Herald {i}", []))
        actors = Actor.objects.bulk_create(
            Actor(kind=kind, name=name, slug=f"synthetic-actor-{i}")
            for i, (kind, name, _aliases) in enumerate(specs)
        )
        aliases = []
        for actor, (_kind, name, extra) in zip(actors, specs, strict=True):
            actor.spellings = [alias for alias in dict.fromkeys(extra) if alias != name]
            aliases += [ActorAlias(actor=actor, name=alias) for alias in actor.spellings]
        ActorAlias.objects.bulk_create(aliases, batch_size=5000)
        return actors

    def source_text(self, quotes: list[str]) -> str:
        sentences = []
        for quote in quotes:
            sentences.append(self.random.choice(FILLER))
            sentences.append(quote)
        sentences.append(self.random.choice(FILLER))
        return " ".join(sentences)
