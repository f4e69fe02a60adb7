"""SQLite only: ``search_fts`` gains a ``keys`` column (visibility, facet values and sampling
shard of each document as opaque tokens, ``search.backends.sqlite.index_keys``), so that FTS5
alone counts what a person may read among large matching sets. The stems already indexed are
copied over; only the keys are computed."""

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, extra, body, keys, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
)
CREATE_OLD = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, extra, body, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
)


def _index_keys(pk, visibility, facet_keys):
    # Frozen copy of search.backends.sqlite.index_keys at the time of this migration.
    import hashlib

    def token(key):
        return "k" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:15]

    tokens = [token(f"vis:{visibility}"), token(f"shard:{pk % 64}")]
    tokens += [token(f"facet:{value}") for value in (facet_keys or "").split()]
    return " ".join(tokens)


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_fts RENAME TO search_fts_old")
        cursor.execute(CREATE)
        cursor.execute(
            "SELECT o.rowid, o.title, o.extra, o.body, d.visibility, d.facet_keys "
            "FROM search_fts_old o JOIN search_searchdocument d ON d.id = o.rowid"
        )
        rows = [
            (pk, title, extra, body, _index_keys(pk, visibility, facet_keys))
            for pk, title, extra, body, visibility, facet_keys in cursor.fetchall()
        ]
        cursor.executemany(
            "INSERT INTO search_fts (rowid, title, extra, body, keys) VALUES (%s, %s, %s, %s, %s)",
            rows,
        )
        cursor.execute("DROP TABLE search_fts_old")


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_fts RENAME TO search_fts_new")
        cursor.execute(CREATE_OLD)
        cursor.execute(
            "INSERT INTO search_fts (rowid, title, extra, body) "
            "SELECT rowid, title, extra, body FROM search_fts_new"
        )
        cursor.execute("DROP TABLE search_fts_new")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facet_keys_head_vector")]

    operations = [migrations.RunPython(forward, backward)]
