"""Full-text structures of the database backends, each created only on its engine:

- SQLite: ``search_fts``, an FTS5 table of our own (rowid = SearchDocument id) holding the
  normalised and stemmed title, weighted text and text (``search.text``);
- PostgreSQL: the ``french_unaccent`` text search configuration (unaccent, then the French
  Snowball stemmer), a stored weighted ``tsvector`` column (A title, B weighted text, C text)
  generated from the row, and its GIN index."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, extra, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END
    $$
    """,
    """
    ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(extra, '')), 'B')
        || setweight(to_tsvector('public.french_unaccent'::regconfig,
                                 left(coalesce(text, ''), 200000)), 'C')
    ) STORED
    """,
    "CREATE INDEX search_doc_vector_gin ON search_searchdocument USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
