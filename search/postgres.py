"""
PostgreSQL full-text documents: stored, indexed, and searched.

Each searched table gets a `search_document` column, kept up to date by PostgreSQL
itself (generated, or for questions by a trigger) and indexed with GIN, so that
matching reads the index and ranking reads the stored vector instead of parsing texts
again. A source's long
text is stored stripped of positions and weights, which matching does not need
(sources rank by their titles), to keep it small; of a long text only its beginning
(SOURCE_TEXT_INDEXED) is indexed. Generated columns must be
immutable; dossier_unaccent() wraps unaccent() with a fixed dictionary so that it is.
"""

import re

UNACCENT_FUNCTION = """
CREATE OR REPLACE FUNCTION dossier_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""


def words(text: str) -> str:
    """The text as the parser should read it: PostgreSQL's parser takes `<script>` for
    an HTML tag and drops it; with the brackets as spaces it indexes the word, as
    SQLite's search finds it."""
    return f"translate(dossier_unaccent({text}), '<>', '  ')"


def vector(config: str, columns: list[str], weight: str) -> str:
    text = " || ' ' || ".join(columns)
    return f"setweight(to_tsvector('{config}', {words(text)}), '{weight}')"


# A tsvector holds at most 1 MB of words and positions: a long report's whole text does
# not fit, and PostgreSQL would refuse to save it. Its first 200,000 characters always
# fit (a German report of that length makes some 300 kB), so that much is searched.
SOURCE_TEXT_INDEXED = 200_000

# kind → (table, document). Questions weigh their text and keywords above their notes.
DOCUMENTS = {
    "questions": (
        "claims_question",
        " || ".join(
            [
                vector("english", ["text_en", "keywords"], "A"),
                vector("german", ["text_de", "keywords_de"], "A"),
                vector(
                    "english",
                    ["scope_note", "editorial_note"],
                    "C",
                ),
            ]
        ),
    ),
    "claims": (
        "claims_claim",
        " || ".join(
            [
                vector("german", ["stated_value", "quote"], "A"),
                vector(
                    "english",
                    [
                        "quote_translation",
                        "text_value",
                        "scope",
                        "notes",
                    ],
                    "B",
                ),
            ]
        ),
    ),
    "sources": (
        "sources_source",
        "strip(to_tsvector('german', "
        + words(f"title || ' ' || left(text, {SOURCE_TEXT_INDEXED})")
        + "))",
    ),
    "actors": (
        "sources_actor",
        " || ".join(
            [
                vector("simple", ["name"], "A"),
                vector("english", ["description"], "C"),
            ]
        ),
    ),
    "events": (
        "claims_event",
        " || ".join(
            [
                vector("english", ["name"], "A"),
                vector("english", ["description"], "C"),
            ]
        ),
    ),
}

# The documents as the search app's first migration made them, before questions had
# keywords (search.0020 rebuilds the questions' document with them).
FIRST_DOCUMENTS = DOCUMENTS | {
    "questions": (
        "claims_question",
        " || ".join(
            [
                vector("english", ["text_en"], "A"),
                vector("german", ["text_de"], "A"),
                vector("english", ["scope_note", "editorial_note"], "C"),
            ]
        ),
    ),
}

# Each spelling is looked for stemmed as German and English, and as written: the
# documents' German parts are stemmed ("OVKS" is indexed as "ovk").
SPELLING_QUERY = (
    f"(websearch_to_tsquery('german', {words('%s')})"
    f" || websearch_to_tsquery('english', {words('%s')})"
    f" || websearch_to_tsquery('simple', {words('%s')}))"
)


def tsquery(groups: list[list[str]]) -> tuple[str, list[str]]:
    """Every group must match; within a group, any of its spellings."""
    sql_groups, params = [], []
    for group in groups:
        sql_groups.append("(" + " || ".join([SPELLING_QUERY] * len(group)) + ")")
        for spelling in group:
            params += [spelling, spelling, spelling]
    return " && ".join(sql_groups), params


def document(kind: str, table: str) -> str:
    """The stored document of a kind's rows, with the table named as the query does."""
    return f"{table}.search_document"


# A question's stored analysis is rewritten for thousands of questions at a time
# (refresh_analysis), and a generated column is computed anew on every update of its
# row: the questions' document is kept by a trigger that runs only when a column it
# is made of is written.
KEPT_BY_TRIGGER = {
    "questions": ["text_en", "text_de", "keywords", "keywords_de", "scope_note", "editorial_note"]
}


def add_document_sql(kind: str, documents: dict = DOCUMENTS) -> list[str]:
    table, document = documents[kind]
    index = f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} USING gin (search_document)"
    if kind not in KEPT_BY_TRIGGER:
        return [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_document tsvector "
            f"GENERATED ALWAYS AS ({document}) STORED",
            index,
        ]
    # The columns this version of the document is made of (an older one has fewer).
    columns = [name for name in KEPT_BY_TRIGGER[kind] if re.search(rf"\b{name}\b", document)]
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_document tsvector",
        f"CREATE OR REPLACE FUNCTION {table}_document() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.search_document := (SELECT {document} FROM (SELECT NEW.*) AS {table}); "
        "RETURN NEW; END $$",
        f"CREATE TRIGGER {table}_document BEFORE INSERT OR UPDATE OF {', '.join(columns)} "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_document()",
        f"UPDATE {table} SET search_document = {document}",
        index,
    ]


def drop_document_sql(kind: str) -> list[str]:
    table, _document = DOCUMENTS[kind]
    return [
        f"DROP TRIGGER IF EXISTS {table}_document ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_document()",
        f"DROP INDEX IF EXISTS {table}_search",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document",
    ]


# Near-spellings of names: trigram indexes on actors' names and aliases.
TRIGRAM_INDEXES = [
    "CREATE INDEX IF NOT EXISTS sources_actor_name_trgm ON sources_actor "
    "USING gin ((dossier_unaccent(lower(name))) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS sources_actoralias_name_trgm ON sources_actoralias "
    "USING gin ((dossier_unaccent(lower(name))) gin_trgm_ops)",
]
DROP_TRIGRAM_INDEXES = [
    "DROP INDEX IF EXISTS sources_actor_name_trgm",
    "DROP INDEX IF EXISTS sources_actoralias_name_trgm",
]
