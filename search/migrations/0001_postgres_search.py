from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from search import postgres


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite searches without indexes of its own
    schema_editor.execute(postgres.UNACCENT_FUNCTION)
    for kind in postgres.DOCUMENTS:
        for sql in postgres.add_document_sql(kind, postgres.FIRST_DOCUMENTS):
            schema_editor.execute(sql)
    for sql in postgres.TRIGRAM_INDEXES:
        schema_editor.execute(sql)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in postgres.DOCUMENTS:
        for sql in postgres.drop_document_sql(kind):
            schema_editor.execute(sql)
    for sql in postgres.DROP_TRIGRAM_INDEXES:
        schema_editor.execute(sql)
    schema_editor.execute("DROP FUNCTION IF EXISTS dossier_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_question_analysis"),
        ("sources", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
