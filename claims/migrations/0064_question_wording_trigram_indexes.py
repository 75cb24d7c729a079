from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Similar questions (claims/similar.py): the questions whose English or German text is
# close to a new one's, through `text_en % %s` and `text_de % %s`. PostgreSQL only:
# SQLite compares the few questions of one event in Python.
INDEXES = ["text_en", "text_de"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS claims_question_{column}_trgm "
            f"ON claims_question USING gin ({column} gin_trgm_ops)"
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

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
