"""Results of /recherche/ cached per query and visibility keys (search.services.search with the
fragment cache on): a second identical search runs no search SQL, people with other rights never
get them, and a change to the index shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.tests.factories import SearchSheetFactory

pytestmark = pytest.mark.django_db

# The title of the team's thread, with the searched word highlighted.
_TEAM_THREAD = "Planning des <mark>maraudes</mark> de Fictiville"


@pytest.fixture
def world(settings, world):
    """The module's world (search/tests/conftest.py), the fragment cache on."""
    settings.FRAGMENT_CACHE_SECONDS = 60
    cache.clear()
    return world


def _search(client, query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/recherche/" + query)
    assert response.status_code == 200
    searched = [
        q
        for q in captured.captured_queries
        if "search_searchdocument" in q["sql"] or "search_fts" in q["sql"]
    ]
    return response.content.decode(), len(searched)


def test_the_same_search_again_runs_no_search_query(client, world):
    client.force_login(world.people["member"])
    first, searched = _search(client, "?q=maraudes&type=discussion")
    assert searched >= 2
    assert _TEAM_THREAD in first
    second, searched = _search(client, "?q=maraudes&type=discussion")
    assert searched == 0
    assert _TEAM_THREAD in second and "1 résultat" in second


def test_people_with_other_rights_never_get_cached_results(client, world):
    client.force_login(world.people["member"])
    assert _TEAM_THREAD in _search(client, "?q=maraudes")[0]
    client.force_login(world.people["other_member"])
    content, searched = _search(client, "?q=maraudes")
    assert searched >= 1
    assert _TEAM_THREAD not in content
    client.logout()
    assert _TEAM_THREAD not in _search(client, "?q=maraudes")[0]


def test_a_new_sheet_is_found_at_once(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.people["member"])
    assert "<mark>zébulon</mark>" not in _search(client, "?q=zebulon")[0]
    with django_capture_on_commit_callbacks(execute=True):
        SearchSheetFactory(territory=world.territory, title="Fiche zébulon toute neuve")
    assert "Fiche <mark>zébulon</mark> toute neuve" in _search(client, "?q=zebulon")[0]


def test_notices_about_the_request_are_not_cached_with_the_results(client, world):
    client.force_login(world.people["member"])
    _search(client, "?q=maraudes")
    content, searched = _search(client, "?q=maraudes&frein=inconnu")
    assert searched == 0  # the unknown value is dropped: the same search
    assert "Le filtre « inconnu » n’existe pas" in content
    assert "n’existe pas" not in _search(client, "?q=maraudes")[0]


def test_the_cached_page_is_the_page_rendered_without_cache(client, world, settings):
    import re

    def normalised(html):
        return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]+"', r'\1="x"', html)

    client.force_login(world.people["member"])
    query = "?q=accompagnement&type=fiche&tri=date"
    settings.FRAGMENT_CACHE_SECONDS = 0
    reference = normalised(_search(client, query)[0])
    settings.FRAGMENT_CACHE_SECONDS = 60
    _search(client, query)
    again, searched = _search(client, query)
    assert searched == 0
    assert normalised(again) == reference
