"""Rebuild the stored search documents so that text in angle brackets is indexed as words."""

from django.db import migrations

from search import postgres


def rebuild_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite searches without indexes of its own
    for kind in postgres.DOCUMENTS:
        for sql in postgres.drop_document_sql(kind) + postgres.add_document_sql(kind):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0020_question_keywords"),
        ("claims", "0060_figure_digits"),
        ("sources", "0060_url_schemes"),
    ]

    # Rebuilt the same way forwards and backwards: the documents follow search/postgres.py.
    operations = [migrations.RunPython(rebuild_documents, rebuild_documents)]
