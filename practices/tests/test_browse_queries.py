"""The list of sheets (/fiches/): its queries are bounded, and its facet counts cached until a
sheet is published."""

import pytest
from django.test.utils import CaptureQueriesContext

from accounts import roles
from practices.tests.browse import LIST_URLS, URL, add_sheets
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, 25])
def test_list_query_count_is_bounded(client, lille, rennes, count, django_assert_max_num_queries):
    add_sheets(count, lille, rennes)
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    # The first page of a session also computes the person's rights profile (eight queries,
    # website.member_cache), cached afterwards.
    for url in LIST_URLS:
        with django_assert_max_num_queries(48):
            assert client.get(url).status_code == 200


def test_list_query_count_does_not_grow_with_the_sheets(client, lille, rennes):
    def counts():
        from django.core.cache import cache

        numbers = []
        for url in LIST_URLS:
            cache.clear()  # measure the uncached facet counts
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            numbers.append(len(queries))
        return numbers

    from django.db import connection

    add_sheets(3, lille, rennes)
    client.get(URL)  # warm-up: site root paths, content types
    small = counts()
    add_sheets(22, lille, rennes)
    assert counts() == small


def test_facet_counts_are_cached_and_invalidated_on_publish(client, lille, rennes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_sheets(3, lille, rennes)
    first = client.get(URL)
    with CaptureQueriesContext(connection) as cached:
        second = client.get(URL)
    assert "(3)" in first.content.decode() and "(3)" in second.content.decode()
    add_sheets(1, lille)
    with CaptureQueriesContext(connection) as after_publish:
        third = client.get(URL)
    assert len(after_publish) > len(cached)  # counts computed again
    assert "Jeunes (16-25 ans) (4)" in " ".join(third.content.decode().split())
