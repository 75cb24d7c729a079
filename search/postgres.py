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

from django.conf import settings

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
    """The columns' words, stemmed by `config`: a configuration's name, or SQL that gives
    one (a text in its own language, "dossier_search_config(language)")."""
    text = " || ' ' || ".join(columns)
    config = config if "(" in config else f"'{config}'"
    return f"setweight(to_tsvector({config}, {words(text)}), '{weight}')"


# A text is stemmed by the rules of its own language: PostgreSQL's configuration for
# each language code it has one for (built in since PostgreSQL 13), else none ("simple").
SEARCH_CONFIGS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "fi": "finnish", "fr": "french", "ga": "irish", "hu": "hungarian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "nb": "norwegian",
    "ne": "nepali", "nl": "dutch", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}  # fmt: skip
CONFIG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION dossier_search_config(code text) RETURNS regconfig "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE lower(split_part(code, '-', 1)) "
    + " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in SEARCH_CONFIGS.items())
    + " ELSE 'simple'::regconfig END $$"
)


def search_config(code: str) -> str:
    return SEARCH_CONFIGS.get(code.split("-")[0].lower(), "simple")


# A quote is in its source's language; so is the source's text.
QUOTE_CONFIG = (
    "(SELECT dossier_search_config(s.language) FROM sources_source s "
    "WHERE s.id = claims_claim.source_id)"
)
SOURCE_CONFIG = "dossier_search_config(language)"


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
                vector(QUOTE_CONFIG, ["stated_value", "quote"], "A"),
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
        f"strip(to_tsvector({SOURCE_CONFIG}, "
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


def query_configs() -> list[str]:
    """Each spelling is looked for stemmed as German and English (the questions' texts
    and the claims' translations are), as each of the dossier's languages (the sources
    and their quotes are stemmed as theirs: "OVKS" is indexed as "ovk" in German), and
    as written."""
    languages = [search_config(code) for code in settings.DOSSIER_LANGUAGES]
    return list(dict.fromkeys(["german", "english", *languages, "simple"]))


def tsquery(groups: list[list[str]]) -> tuple[str, list[str]]:
    """Every group must match; within a group, any of its spellings."""
    configs = query_configs()
    spelling_query = (
        "(" + " || ".join(f"websearch_to_tsquery('{c}', {words('%s')})" for c in configs) + ")"
    )
    sql_groups, params = [], []
    for group in groups:
        sql_groups.append("(" + " || ".join([spelling_query] * len(group)) + ")")
        for spelling in group:
            params += [spelling] * len(configs)
    return " && ".join(sql_groups), params


def document(kind: str, table: str) -> str:
    """The stored document of a kind's rows, with the table named as the query does."""
    return f"{table}.search_document"


# A question's stored analysis is rewritten for thousands of questions at a time
# (refresh_analysis), and a generated column is computed anew on every update of its
# row: the questions' document is kept by a trigger that runs only when a column it
# is made of is written.
KEPT_BY_TRIGGER = {
    "questions": ["text_en", "text_de", "keywords", "keywords_de", "scope_note", "editorial_note"],
    # A claim's document reads its source's language, which no generated column may.
    "claims": ["stated_value", "quote", "quote_translation", "text_value", "scope", "notes",
               "source_id"],
}  # fmt: skip


# A source whose language changes has its claims' documents made anew (their quotes are
# stemmed in it): the claims' trigger runs on a write of their source_id.
SOURCE_LANGUAGE_TRIGGER = [
    "CREATE OR REPLACE FUNCTION sources_source_claims_language() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE claims_claim SET source_id = source_id WHERE source_id = NEW.id; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER sources_source_claims_language AFTER UPDATE OF language ON sources_source "
    "FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language) "
    "EXECUTE FUNCTION sources_source_claims_language()",
]
DROP_SOURCE_LANGUAGE_TRIGGER = [
    "DROP TRIGGER IF EXISTS sources_source_claims_language ON sources_source",
    "DROP FUNCTION IF EXISTS sources_source_claims_language()",
]


def add_document_sql(kind: str, documents: dict = DOCUMENTS) -> list[str]:
    table, document = documents[kind]
    index = f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} USING gin (search_document)"
    functions = [CONFIG_FUNCTION] if "dossier_search_config" in document else []
    if kind not in KEPT_BY_TRIGGER:
        return [
            *functions,
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_document tsvector "
            f"GENERATED ALWAYS AS ({document}) STORED",
            index,
        ]
    # The columns this version of the document is made of (an older one has fewer).
    columns = [name for name in KEPT_BY_TRIGGER[kind] if re.search(rf"\b{name}\b", document)]
    return [
        *functions,
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_document tsvector",
        f"CREATE OR REPLACE FUNCTION {table}_document() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.search_document := (SELECT {document} FROM (SELECT NEW.*) AS {table}); "
        "RETURN NEW; END $$",
        f"CREATE TRIGGER {table}_document BEFORE INSERT OR UPDATE OF {', '.join(columns)} "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_document()",
        f"UPDATE {table} SET search_document = {document}",
        index,
        *(SOURCE_LANGUAGE_TRIGGER if kind == "claims" else []),
    ]


def drop_document_sql(kind: str) -> list[str]:
    table, _document = DOCUMENTS[kind]
    return [
        *(DROP_SOURCE_LANGUAGE_TRIGGER if kind == "claims" else []),
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
