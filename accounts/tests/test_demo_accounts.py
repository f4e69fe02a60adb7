"""The demo accounts are members of some standing: right after `make run`, they may post links
and attach files in the forum like any member (they are not « new accounts » for a day)."""

import pytest

from accounts import demo

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_not_new_accounts():
    from forum.permissions import is_new_account

    people = demo.load()["people"]
    assert people and not any(is_new_account(person) for person in people.values())
