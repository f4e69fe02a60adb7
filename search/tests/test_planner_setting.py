"""The PostgreSQL backend's planner options (``SET LOCAL``) never outlive a search. Outside the
modules that use the search world: this test commits."""

import pytest

from search import backends


@pytest.mark.django_db(transaction=True)
def test_postgresql_planner_setting_does_not_outlive_the_search():
    """Outside any transaction the search opens its own, so that ``SET LOCAL enable_seqscan``
    ends with it; inside one it is put back just after the statement."""
    from django.db import connection, transaction

    from search.backends.base import SearchQuery

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (the SQLite backend sets no planner option)")
    backend = backends.get_database_backend()

    def setting():
        with connection.cursor() as cursor:
            values = []
            for name in ("enable_seqscan", "cpu_operator_cost", "max_parallel_workers_per_gather"):
                cursor.execute(f"SHOW {name}")
                values.append(cursor.fetchone()[0])
            return values

    default = setting()
    assert default[0] == "on"
    backend.search(SearchQuery(text="maraude"))
    assert setting() == default
    with transaction.atomic():
        backend.search(SearchQuery(text="maraude -nuit"))
        assert setting() == default
