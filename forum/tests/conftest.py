"""Fixtures of the forum pages' tests (test_views*.py): a public category, an author, and her
question in it. ``media``: uploaded files go to the test's own folder."""

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
