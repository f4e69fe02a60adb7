import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with what an installation has: groups, home, legal pages."""
    with django_db_blocker.unblock():
        call_command("bootstrap_site", verbosity=0)


@pytest.fixture
def bootstrapped(db):
    """For transactional tests, which empty the database (Wagtail's locale and root page
    included, that migrations had created): build the site again."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    from website.bootstrap import bootstrap_site

    locale = Locale.objects.first() or Locale.objects.create(language_code="fr")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                locale=locale,
            )
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    _reload_data_migrations()
    return bootstrap_site()


def _reload_data_migrations():
    """Rows the data migrations created (regions, vocabularies), emptied by a flush."""
    import importlib

    from django.apps import apps

    from accounts.models import Region
    from taxonomy.models import Audience

    if not Region.objects.exists():
        importlib.import_module("accounts.migrations.0002_regions").load(apps, None)
    if not Audience.objects.exists():
        importlib.import_module("taxonomy.migrations.0002_load_vocabularies").load(apps, None)
        importlib.import_module("taxonomy.migrations.0004_fill_result_indicator_definitions").fill(
            apps, None
        )


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached fragments must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`-n`, `--dist loadgroup`): the tests that use the Redis server run in
    one worker, one after the other (one of them empties the database the other uses as the
    Celery broker)."""
    for item in items:
        if item.get_closest_marker("redis"):
            item.add_marker(pytest.mark.xdist_group("redis"))
