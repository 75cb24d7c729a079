"""A source's text and its claims' quotes are stemmed in the source's language, not in
German whatever it is; a claim's document is kept by a trigger, since it reads its
source's language."""

from django.db import migrations

from search import postgres


def rebuild_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite searches without indexes of its own
    for kind in ("sources", "claims"):
        for sql in postgres.drop_document_sql(kind) + postgres.add_document_sql(kind):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0080_long_source_texts"),
        ("claims", "0066_questions_judged_distinct"),
        ("sources", "0063_source_republishes"),
    ]

    # Rebuilt the same way forwards and backwards: the documents follow search/postgres.py.
    operations = [migrations.RunPython(rebuild_documents, rebuild_documents)]
