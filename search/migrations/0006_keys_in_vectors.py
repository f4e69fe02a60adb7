"""PostgreSQL only: what large matching sets need from the GIN indexes alone (issue #7,
measured in bench/search.py).

- ``search_vector`` and ``head_vector`` also hold the document's *keys* as lexemes without
  position: its facet tokens (`` param:value ``, from ``facet_keys``) and its sampling shard
  (``shard:N``, ``id % 64``, ``search.backends.bounded.SHARDS``). Selected facet values and
  the facet sample are then parts of the one GIN condition, and only the rows that hold them
  are read. Words never reach the keys: the parser never makes a lexeme holding « : ».
  Ranking reads ``ts_filter(search_vector, '{a,b,c}')``, i.e. without them.
- a GIN index on ``head_vector``: the documents holding a word in their title (and the
  selected values) are found without reading the table (``search.backends.postgres.top_tier``)."""

from django.db import migrations

KEYS = (
    "array_to_tsvector(string_to_array(btrim(coalesce(facet_keys, '')), ' ') "
    "|| ARRAY['shard:' || (id % 64)::text])"
)
SEARCH_VECTOR = """
    setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('public.french_unaccent'::regconfig, coalesce(extra, '')), 'B')
    || setweight(to_tsvector('public.french_unaccent'::regconfig,
                             left(coalesce(text, ''), 200000)), 'C')
"""
HEAD_VECTOR = "to_tsvector('public.french_unaccent'::regconfig, coalesce(title, ''))"


def _columns(search_vector: str, head_vector: str) -> list[str]:
    return [
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS head_vector",
        "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({search_vector}) STORED",
        "ALTER TABLE search_searchdocument ADD COLUMN head_vector tsvector "
        f"GENERATED ALWAYS AS ({head_vector}) STORED",
        # Small and read for every match: kept in the row (see migration 0004).
        "ALTER TABLE search_searchdocument ALTER COLUMN head_vector SET STORAGE MAIN",
        # Rows written by the ADD COLUMN above kept the default storage, which moved
        # ``head_vector`` out of line (~3 µs more a row to read, measured): written again.
        "UPDATE search_searchdocument SET facet_keys = facet_keys",
        "CREATE INDEX search_doc_vector_gin ON search_searchdocument USING GIN (search_vector)",
    ]


FORWARD = [
    *_columns(f"{SEARCH_VECTOR} || {KEYS}", f"{HEAD_VECTOR} || {KEYS}"),
    "CREATE INDEX search_doc_head_gin ON search_searchdocument USING GIN (head_vector)",
]
BACKWARD = _columns(SEARCH_VECTOR, HEAD_VECTOR)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_fts_keys")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
