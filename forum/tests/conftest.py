"""Fixtures of the forum tests: for the pages' tests (test_views*.py), a public category, an
author and her question in it, and ``media`` (uploaded files go to the test's own folder); for
the notifications' tests (test_notifications*.py), their ``world`` and ``committed``."""

import pytest

from forum.models import Category
from forum.tests.factories import CategoryFactory, ThreadFactory
from tests.factories import UserFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def public():
    return CategoryFactory(slug="entraide", visibility=Category.Visibility.PUBLIC, name="Entraide")


@pytest.fixture
def author():
    return UserFactory(first_name="Anne", last_name="Auteure", old=True)


@pytest.fixture
def question(public, author):
    return ThreadFactory(
        author=author,
        category=public,
        title="Comment toucher les familles ?",
        text="Quelles pistes pour les familles monoparentales ?",
    )


@pytest.fixture
def world():
    """The notifications' tests (test_notifications*.py): a category, an author and a replier
    (test_moderation and test_permissions have a world of their own)."""
    category = CategoryFactory(slug="entraide")
    author = UserFactory(first_name="Awa", last_name="Diallo", old=True)
    replier = UserFactory(first_name="Bruno", last_name="Martin", old=True)
    return {"category": category, "author": author, "replier": replier}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block as a committed transaction would: the Celery tasks queued on commit run
    (eagerly), and the e-mails they queue are sent."""

    def _run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return _run
