"""PostgreSQL only: a GIN index on ``head_vector`` (the title's ``tsvector``), so that the
documents holding a word in their title are found by intersecting it with the index of
``search_vector``, without reading the table (``PostgresBackend.top_tier_search``)."""

from django.db import migrations

FORWARD = "CREATE INDEX IF NOT EXISTS search_doc_head_gin ON search_searchdocument USING GIN (head_vector)"
BACKWARD = "DROP INDEX IF EXISTS search_doc_head_gin"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_fts_keys")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
