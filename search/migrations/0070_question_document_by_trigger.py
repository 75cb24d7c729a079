"""The questions' search document is kept by a trigger that runs when their texts are
written, not computed anew whenever their stored analysis is."""

from django.db import migrations

from search import postgres


def rebuild_question_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite searches without indexes of its own
    for sql in postgres.drop_document_sql("questions") + postgres.add_document_sql("questions"):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0060_words_in_brackets")]

    # Rebuilt the same way forwards and backwards: the documents follow search/postgres.py.
    operations = [migrations.RunPython(rebuild_question_document, rebuild_question_document)]
