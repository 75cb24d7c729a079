"""
Search across questions, claims, sources, actors and events.

A query is split into words; a word that names an actor or place, in any of its
spellings, stands for all of them (Tokajew ↔ Tokayev ↔ Toqajew, OVKS ↔ CSTO).
PostgreSQL then matches stemmed words with its full-text search and near-spellings
of names by trigram similarity; SQLite matches whole words, folded for case and
diacritics, without stemming.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Expression
from django.db.models.functions import Concat

from claims.models import Claim, Event, Question
from sources.models import Actor, ActorAlias, Source

from . import postgres
from .text import fold, similarity, variants_pattern

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 20
# Results of one kind, page by page.
RESULTS_PER_PAGE = 20
# How alike a word and a word of a name must be, by trigrams, to count as the same
# name; the database proposes candidates by pg_trgm's word similarity (0.6).
NAME_SIMILARITY = 0.45


class Folded(Func):
    """Text lower-cased and without diacritics, in the database."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="DOSSIER_FOLD", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="dossier_unaccent(lower(%(expressions)s))", **extra
        )


class DocumentSearch(Expression):
    """`search_document @@ query` or its rank, on the searched table however aliased.

    The column exists on PostgreSQL only, created by the search app's migration.
    """

    def __init__(self, kind: str, template: str, sql: str, params: list, output_field):
        super().__init__(output_field=output_field)
        self.kind, self.template, self.sql, self.params = kind, template, sql, params

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        document = postgres.document(self.kind, table)
        values = {"document": document, "table": table, "query": self.sql}
        return self.template % values, self.params


def document_matches(kind: str, sql: str, params: list) -> DocumentSearch:
    return DocumentSearch(kind, "%(document)s @@ (%(query)s)", sql, params, BooleanField())


def document_rank(kind: str, sql: str, params: list) -> DocumentSearch:
    """How well the document matches. A source ranks by its title: ranking by its whole
    text would read thousands of long stored vectors for a common name."""
    if kind == "sources":
        config = "dossier_search_config(%(table)s.language)"
        document = f"to_tsvector({config}, {postgres.words('%(table)s.title')})"
    else:
        document = "%(document)s"
    return DocumentSearch(kind, f"ts_rank({document}, %(query)s)", sql, params, FloatField())


@dataclass
class Group:
    """One word of the query, and every spelling that stands for it."""

    spellings: list[str]  # the word as typed first
    actor_ids: set[int] = field(default_factory=set)

    def __post_init__(self):
        self.spellings = essential(self.spellings)


def essential(spellings: list[str]) -> list[str]:
    """Leave out spellings that contain a shorter one: "Bolat Keschumosaow" is found
    wherever "Keschumosaow" is, so it adds nothing but work."""
    words = [set(fold(spelling).split()) for spelling in spellings]
    return [
        spelling
        for i, spelling in enumerate(spellings)
        if i == 0 or not any(j != i and other < words[i] for j, other in enumerate(words) if other)
    ]


@dataclass
class ParsedQuery:
    text: str
    groups: list[Group]

    @property
    def spellings(self) -> list[list[str]]:
        return [group.spellings for group in self.groups]

    @property
    def respelled(self) -> list[list[str]]:
        """The words that stand for other spellings too (a name's), with those spellings."""
        return [group.spellings for group in self.groups if len(group.spellings) > 1]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def parse(text: str) -> ParsedQuery:
    """Expand the words of a query by the aliases of the actors they name. One query."""
    text = " ".join(text.split())
    words = list(dict.fromkeys(text.split()))
    candidates = {fold(word) for word in words} | {fold(text)}

    def naming(kind_field: str) -> Q:
        """Spellings that name the query or one of its words, in folded form."""
        condition = Q(folded__in=candidates)
        for word in words:
            # A person's surname alone names them: "Nazarbayev" for "Nursultan Nazarbayev".
            condition |= Q(**{kind_field: Actor.Kind.PERSON, "folded__endswith": f" {fold(word)}"})
            if is_postgres() and len(word) >= 4:
                # Near-spellings: "Tokaev" for "Tokayev", by pg_trgm's indexed <% operator.
                condition |= Q(folded__trigram_word_similar=fold(word))
        return condition

    by_name = Actor.objects.alias(folded=Folded("name")).filter(naming("kind")).values("pk")
    by_alias = (
        ActorAlias.objects.alias(folded=Folded("name"))
        .filter(naming("actor__kind"))
        .values("actor_id")
    )
    rows = Actor.objects.filter(Q(pk__in=by_name) | Q(pk__in=by_alias)).values_list(
        "pk", "kind", "name", "aliases__name"
    )
    names: dict[int, set[str]] = {}
    persons = set()
    for pk, kind, name, alias in rows:
        spellings = [name, alias] if alias else [name]
        if kind == Actor.Kind.PERSON:
            persons.add(pk)
            spellings += [spelling.split()[-1] for spelling in spellings]
        names.setdefault(pk, set()).update(spellings)

    whole = {pk for pk, spellings in names.items() if fold(text) in map(fold, spellings)}
    if whole and len(words) > 1:
        spellings = [text, *sorted({s for pk in whole for s in names[pk]} - {text})]
        return ParsedQuery(text, [Group(spellings, whole)])
    groups = []
    for word in words:
        # A word that is some actor's name stands for that actor only; near-spellings
        # count when no name is spelled exactly so.
        matched = {
            pk for pk, spellings in names.items() if names_exactly(spellings, word, pk in persons)
        } or {pk for pk, spellings in names.items() if names_nearly(spellings, word)}
        extra = sorted({s for pk in matched for s in names[pk]} - {word})
        groups.append(Group([word, *extra], matched))
    return ParsedQuery(text, groups)


def names_exactly(spellings: set[str], word: str, is_person: bool) -> bool:
    """Is the word one of this actor's spellings, or a person's surname in one?"""
    folded = fold(word)
    return any(
        fold(spelling) == folded or (is_person and fold(spelling).split()[-1] == folded)
        for spelling in spellings
    )


def names_nearly(spellings: set[str], word: str) -> bool:
    """Is the word, by trigrams, a near-spelling of a word of this actor's name?"""
    return (
        is_postgres()
        and len(word) >= 4
        and any(
            similarity(part, word) > NAME_SIMILARITY
            for spelling in spellings
            for part in spelling.split()
        )
    )


@dataclass
class Kind:
    """What one kind of result is searched in: strong fields rank above weak ones."""

    name: str
    model: type
    strong: list[str]
    weak: list[str]
    actor_fields: list[str] = field(default_factory=list)
    then_by: list[str] = field(default_factory=list)  # among equally relevant results


KINDS = [
    Kind(
        "questions",
        Question,
        ["text_en", "text_de", "keywords", "keywords_de"],
        ["scope_note", "editorial_note"],
    ),
    Kind(
        "claims",
        Claim,
        ["stated_value", "quote"],
        ["quote_translation", "text_value", "scope", "notes"],
        actor_fields=["actor_id", "place_id"],
    ),
    Kind("sources", Source, ["title"], ["text"], then_by=["-published_on"]),
    Kind("actors", Actor, ["name"], ["description"], actor_fields=["pk"]),
    Kind("events", Event, ["name"], ["description"]),
]
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}


def concat(fields: list[str]):
    if len(fields) == 1:
        return F(fields[0])
    parts = []
    for name in fields:
        parts += [F(name), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def named_actors(kind: Kind, group: Group) -> Q:
    """Claims attributed to or placed at an actor the word names, whatever the quote says."""
    condition = Q(pk__in=[])
    for name in kind.actor_fields:
        if group.actor_ids:
            condition |= Q(**{f"{name}__in": group.actor_ids})
    return condition


def public(kind: Kind):
    """What readers may find of a kind: the published objects of a kind reviewed."""
    objects = kind.model.objects.all()
    return objects.published() if hasattr(objects, "published") else objects


def matching(kind: Kind, query: ParsedQuery, queryset=None):
    """The objects of one kind that match every group of the query, best first."""
    queryset = public(kind) if queryset is None else queryset
    if is_postgres():
        condition = Q()
        for group in query.groups:
            matches = document_matches(kind.name, *postgres.tsquery([group.spellings]))
            condition &= Q(matches) | named_actors(kind, group)
        relevance = document_rank(kind.name, *postgres.tsquery(query.spellings))
        ordering = ["-relevance", *kind.then_by, "pk"]
        return queryset.filter(condition).annotate(relevance=relevance).order_by(*ordering)

    queryset = queryset.alias(strong=Folded(concat(kind.strong)), weak=Folded(concat(kind.weak)))
    strong_everywhere = Q()
    for group in query.groups:
        pattern = variants_pattern(group.spellings)
        strong_everywhere &= Q(strong__regex=pattern)
        queryset = queryset.filter(
            Q(strong__regex=pattern) | Q(weak__regex=pattern) | named_actors(kind, group)
        )
    relevance = Case(When(strong_everywhere, then=2), default=1, output_field=IntegerField())
    return queryset.annotate(relevance=relevance).order_by("-relevance", *kind.then_by, "pk")


@dataclass
class Results:
    kind: str
    total: int
    items: list


RELATED = {"claims": ["question", "source"], "sources": ["outlet"], "questions": ["event"]}
# Kinds whose matches run into the thousands at a million claims: their best are
# ranked and counted alone, then fetched with what they show. Joining first joined
# every match to its question and source only to keep twenty (half the search's time).
RANKED_FIRST = {"claims", "sources"}


def shown(kind: Kind):
    """A kind's objects with what its result shows."""
    queryset = public(kind).select_related(*RELATED.get(kind.name, []))
    if kind.name == "claims":
        queryset = queryset.defer("source__text")  # long, and not shown with a claim
    return queryset


def results_of(kind: Kind, query: ParsedQuery):
    """Every match of one kind, best first, with what its result shows."""
    return matching(kind, query, shown(kind))


def search(query: ParsedQuery) -> list[Results]:
    """The best matches of each kind with their totals."""
    results = []
    for kind in KINDS:
        if kind.name in RANKED_FIRST:
            best = matching(kind, query).annotate(total=Window(Count("pk")))
            best = list(best.values_list("pk", "total")[:RESULTS_PER_KIND])
            found = shown(kind).in_bulk([pk for pk, _total in best])
            items = [found[pk] for pk, _total in best if pk in found]
            total = best[0][1] if best else 0
        else:
            items = list(
                results_of(kind, query).annotate(total=Window(Count("pk")))[:RESULTS_PER_KIND]
            )
            total = items[0].total if items else 0
        results.append(Results(kind.name, total, items))
    return results


def matching_questions(text: str) -> Q:
    """Questions whose own text or whose claims match: the index's search box."""
    query = parse(text)
    claims = matching(KINDS_BY_NAME["claims"], query).values("question_id")
    questions = matching(KINDS_BY_NAME["questions"], query).values("pk")
    return Q(pk__in=questions) | Q(pk__in=claims)
