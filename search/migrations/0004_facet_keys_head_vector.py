"""Faster database search (issue #7, measured in bench/search.py):

- ``facet_keys`` replaces the ``SearchFacet`` table: the facet values of a document are one string
  of `` param:value `` tokens read with the matching rows (no join of ~10 facet rows per match);
- PostgreSQL only: ``head_vector``, the ``tsvector`` of the title, small and kept in the row
  (storage MAIN, as ``facet_keys``): title matches come first without reading the large
  ``search_vector`` out of line; the full ``ts_rank_cd`` is computed for the first results only.
  ``toast_tuple_target`` moves the long columns (text, search_vector) out of the row, so that the
  rows the search reads stay narrow."""

from django.db import migrations, models

POSTGRES_SETUP = [
    "ALTER TABLE search_searchdocument SET (toast_tuple_target = 256)",
    # Small and read for every match: kept in the row (compressed at most), never out of line
    # (reading a value out of line costs ~5 µs a row, measured).
    "ALTER TABLE search_searchdocument ALTER COLUMN facet_keys SET STORAGE MAIN",
]
POSTGRES_SETUP_BACKWARD = [
    "ALTER TABLE search_searchdocument RESET (toast_tuple_target)",
]
POSTGRES_FORWARD = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN head_vector tsvector
    GENERATED ALWAYS AS (
        to_tsvector('public.french_unaccent'::regconfig, coalesce(title, ''))
    ) STORED
    """,
    "ALTER TABLE search_searchdocument ALTER COLUMN head_vector SET STORAGE MAIN",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS head_vector",
]


def fill_facet_keys(apps, schema_editor):
    from search.models import facet_keys_for

    SearchDocument = apps.get_model("search", "SearchDocument")  # noqa: N806
    batch = []
    for document in SearchDocument.objects.only("pk", "facets").iterator(chunk_size=1000):
        document.facet_keys = facet_keys_for(document.facets)
        batch.append(document)
        if len(batch) >= 1000:
            SearchDocument.objects.bulk_update(batch, ["facet_keys"])
            batch = []
    if batch:
        SearchDocument.objects.bulk_update(batch, ["facet_keys"])


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_saved_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="facet_keys",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(_run(POSTGRES_SETUP), _run(POSTGRES_SETUP_BACKWARD)),
        migrations.RunPython(fill_facet_keys, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="SearchFacet",
        ),
        migrations.RemoveIndex(
            model_name="searchdocument",
            name="search_doc_visibility_date",
        ),
        migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD)),
    ]
