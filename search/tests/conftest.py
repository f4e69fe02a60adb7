"""Fixtures of the search tests. The world (``search.tests.world``), built and indexed once per
test module; the Elasticsearch backend's state for the tests without a server; the person of
the saved searches' tests.

``search_world`` builds it inside a transaction opened for the module and rolled back after the
module's last test; each test runs in a savepoint of that transaction (pytest-django's ``db``),
rolled back at its end, so that what a test writes never reaches the next one. ``world`` gives
each test its own copy of the Python objects (as ``TestCase.setUpTestData`` does), so that a
test changing an object in memory does not change it for the others."""

import copy

import pytest
from django.db import transaction


def _refuse_transactional_tests(request):
    """A test that commits (``django_db(transaction=True)``) would run inside the module's
    transaction and empty the database under it: such tests go to a module of their own."""
    for item in request.session.items:
        if item.module is not request.module:
            continue
        marker = item.get_closest_marker("django_db")
        if marker is not None and (
            marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid} commits: move it out of a module that uses the search world"
            )


@pytest.fixture(scope="module")
def search_world(request, django_db_setup, django_db_blocker):
    from search import indexing
    from search.tests.world import build_world

    _refuse_transactional_tests(request)
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            indexing.rebuild()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def world(search_world, db):
    return copy.deepcopy(search_world)


@pytest.fixture
def elasticsearch_state():
    """The Elasticsearch tests without a server (test_elasticsearch*.py): the engine marked up
    and no backend cached, before and after each test."""
    from search import backends
    from search.backends import elasticsearch as es

    es.ElasticsearchBackend.mark_up()
    backends.reset_cache()
    yield
    es.ElasticsearchBackend.mark_up()
    backends.reset_cache()


@pytest.fixture
def person():
    """Paula, who saves searches (test_saved_search*.py)."""
    from tests.factories import UserFactory

    return UserFactory(first_name="Paula", email="paula@example.org")
