from django.db import migrations

# Similar questions (claims/similar.py): the questions whose English or German text is
# nearest to a new one's, `ORDER BY text_en <-> %s LIMIT n`, which a GiST index answers
# without reading every question (a GIN index cannot order). PostgreSQL only: SQLite
# compares the questions of one event in Python.
INDEXES = ["text_en", "text_de"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Kept when the indexes are dropped: the search's indexes use it too.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS claims_question_{column}_trgm "
            f"ON claims_question USING gist ({column} gist_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS claims_question_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0063_question_merges"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
