"""Index only the beginning of a source's text: a long report's whole text does not fit
in a tsvector, and the row could not be saved."""

from django.db import migrations

from search import postgres


def rebuild_sources_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite searches without indexes of its own
    for sql in postgres.drop_document_sql("sources") + postgres.add_document_sql("sources"):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0070_question_document_by_trigger"),
        ("sources", "0062_source_language_chosen_and_text_limit"),
    ]

    # Rebuilt the same way forwards and backwards: the document follows search/postgres.py.
    operations = [migrations.RunPython(rebuild_sources_document, rebuild_sources_document)]
