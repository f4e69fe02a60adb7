"""The caches' visibility keys come from the rule an app registers (the search app's)."""

import pytest

from search import visibility as search_visibility
from tests.factories import UserFactory
from website import visibility

pytestmark = pytest.mark.django_db


def test_the_search_app_s_rule_is_registered():
    user = UserFactory()
    assert visibility.keys_for(user) == frozenset(search_visibility.keys_for(user))


def test_without_a_rule_each_person_is_a_profile_of_their_own(monkeypatch):
    monkeypatch.setattr(visibility, "_provider", None)
    first, second = UserFactory(), UserFactory()
    assert visibility.keys_for(first) != visibility.keys_for(second)
