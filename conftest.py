import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with what an installation has: groups, home, legal pages."""
    with django_db_blocker.unblock():
        call_command("bootstrap_site", verbosity=0)


@pytest.fixture
def bootstrapped(db):
    """For transactional tests, which empty the database: build the site again."""
    from website.bootstrap import bootstrap_site

    return bootstrap_site()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached fragments must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
