from django.db import migrations

from search import postgres


def rebuild(documents):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite reads the keywords without a stored document
        for sql in postgres.drop_document_sql("questions"):
            schema_editor.execute(sql)
        for sql in postgres.add_document_sql("questions", documents):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    """The questions' search document takes in their English and German keywords."""

    dependencies = [
        ("search", "0001_postgres_search"),
        ("claims", "0020_question_keywords_disputes_first"),
    ]

    operations = [
        migrations.RunPython(
            rebuild(postgres.DOCUMENTS), rebuild(postgres.FIRST_DOCUMENTS), elidable=False
        ),
    ]
