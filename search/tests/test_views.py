"""/recherche/ and /recherche/suggestions/: facets, pagination, empty query, bad input,
near spellings, fallback, permissions of the suggestions, bounded queries."""

import re

import pytest

from search.tests import contract

pytestmark = pytest.mark.django_db

URL = "/recherche/"


def page(client, query="", user=None, status=200):
    if user is not None:
        client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == status
    return response.content.decode()


def test_empty_query_shows_recent_content_and_facets(client, world):
    content = page(client)
    assert content.count("<h1") == 1
    assert "Contenus récents" in content
    assert contract.NUMERIQUE in content and contract.EVENT in content
    assert contract.THREAD_MEMBERS not in content  # anonymous
    assert 'name="type" id="filtre-type-fiche" value="fiche"' in content
    assert "Fiche pratique (4)" in content
    assert "Discussion (1)" in content
    assert 'name="territoire" id="filtre-territoire-fictiville"' in content


def test_results_show_type_territory_date_and_highlighted_snippet(client, world):
    content = page(client, "?q=croisement")
    assert "1 résultat" in content
    assert f'href="{world.sheets["reperage"].url}"' in content
    assert "par le <mark>croisement</mark> de fichiers" in content  # title
    assert "<mark>croisement</mark> des données" in content  # snippet
    assert "Fiche pratique" in content and "Fictiville" in content and "Publié le" in content


def test_facets_combine_and_are_shareable(client, world):
    content = page(client, "?q=numerique&type=fiche&territoire=fictiville")
    assert "2 résultats" in content
    assert re.search(r'id="filtre-type-fiche" value="fiche" checked', content)
    content = page(client, "?territoire=fictiville&territoire=autreville&type=fiche")
    assert "4 résultats" in content
    # Classic faceted counts: the other territory's count ignores the territory selection.
    assert "Autreville (2)" in content and "Fictiville (2)" in content
    assert "Retirer le filtre Territoires : Autreville" in content


def test_facet_counts_follow_permissions(client, world):
    assert "Discussion (1)" in page(client)
    assert "Discussion (3)" in page(client, user=world.people["member"])


def test_pagination(client, world, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    first = page(client, "?tri=date")
    assert 'aria-current="page" title="Page 1"' in first
    assert "?tri=date&amp;page=2" in first
    last_number = int(re.findall(r'title="Page (\d+)"', first)[-1])
    beyond = page(client, "?tri=date&page=999")
    assert "n’existe pas : voici la dernière page" in beyond
    assert re.search(r'<ol class="fr-raw-list czn-search-hits" start="(\d+)"', beyond)
    assert "Page suivante" in beyond and last_number >= 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?q=" + "a" * 1000, "trop longue"),
        ("?q=%22%28%29*", "ni lettre ni chiffre"),
        ("?q=%22croisement+de+fichiers", "guillemet n’était pas refermé"),
        ("?q=le+la+les", "trop courants"),
        ("?q=%27%3B+DROP+TABLE+search_searchdocument%3B+--", None),
        ("?q=title%3Ax+NEAR%28a+b%29+AND+*+OR+%5E", None),
        ("?q=accompagnement&frein=inconnu", "Le filtre « inconnu » n’existe pas"),
        ("?annee=abcd", "Le filtre « abcd » n’existe pas"),
        ("?page=abc", "La page « abc » n’existe pas"),
        ("?page=-3", "La page « -3 » n’existe pas"),
        ("?tri=hasard", "Le tri « hasard » n’existe pas"),
        ("?q=%00%01", None),
    ],
)
def test_bad_input_gives_a_normal_page(client, world, query, message):
    content = page(client, query)
    assert "<h1>Rechercher</h1>" in content
    if message:
        assert message in content
    assert "Traceback" not in content and "OperationalError" not in content


def test_no_result_suggests_removing_filters_and_a_spelling(client, world):
    content = page(client, "?q=numerique&public=jeunes&type=evenement")
    assert "Aucun résultat pour « numerique »" in content
    assert "Retirer « Événement »" in content
    content = page(client, "?q=acompagnement")
    assert "Vouliez-vous dire" in content and "accompagnement" in content


def test_near_spellings_never_reveal_hidden_words(client, world):
    # « maraudes » is only in a thread of Fictiville's team.
    assert "Vouliez-vous dire" not in page(client, "?q=maraudse")
    assert "Vouliez-vous dire" in page(client, "?q=maraudse", user=world.people["member"])


def test_backend_failure_falls_back_to_the_database(client, world, monkeypatch):
    from search import backends

    class Broken:
        name = "broken"
        is_database = False

        def search(self, query):
            raise ConnectionError("down")

        def suggest(self, *args, **kwargs):
            raise ConnectionError("down")

    monkeypatch.setattr(backends, "get_backend", lambda: Broken())
    content = page(client, "?q=numerique")
    assert f'href="{world.sheets["numerique"].url}"' in content
    assert "down" not in content
    response = client.get(URL + "suggestions/?q=numeri")
    assert response.json()["suggestions"][0]["label"] == contract.NUMERIQUE


def test_query_count_is_bounded(client, world):
    """Two queries for the search itself (hits, totals and facet strings in one statement; the
    display fields) and, with words, the count that chooses between the exact and the bounded
    search (``search.backends.bounded``) and on PostgreSQL ts_headline, whatever the filters;
    the rest is the layout of a logged-in page (session, roles, bell)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.people["member"])
    page(client, "?q=numerique")  # warm the cache of the facet labels
    for query in (
        "?q=accompagnement+seniors",
        "?q=accompagnement+seniors&type=fiche"
        "&public=personnes-agees&territoire=fictiville&frein=non-demande",
        "?",
    ):
        with CaptureQueriesContext(connection) as captured:
            page(client, query)
        search_queries = [
            q
            for q in captured.captured_queries
            if "search_searchdocument" in q["sql"] or "search_fts" in q["sql"]
        ]
        expected = 2
        if "q=" in query:
            expected = 4 if connection.vendor == "postgresql" else 3
        assert len(search_queries) == expected, query
        # On PostgreSQL the search also sets and puts back a planner option (SET LOCAL).
        layout = [q for q in captured.captured_queries if not q["sql"].startswith("SET LOCAL")]
        assert len(layout) <= 18


def test_suggestions_json(client, world):
    response = client.get(URL + "suggestions/?q=accomp")
    assert response.status_code == 200
    data = response.json()
    labels = [item["label"] for item in data["suggestions"]]
    assert contract.NUMERIQUE in labels and contract.THREAD_PUBLIC in labels
    item = next(item for item in data["suggestions"] if item["label"] == contract.NUMERIQUE)
    assert item["url"] == world.sheets["numerique"].url and item["kind"] == "Fiche pratique"
    terms = client.get(URL + "suggestions/?q=fracture").json()["suggestions"]
    assert {
        "label": "Fracture numérique",
        "url": "/recherche/?frein=fracture-numerique",
        "kind": "Freins",
        "type": "terme",
    } in terms
    assert client.get(URL + "suggestions/?q=a").json()["suggestions"] == []
    assert client.get(URL + "suggestions/?q=" + "%22*(" * 100).status_code == 200


def test_suggestions_respect_permissions(client, world):
    def labels(user=None):
        if user:
            client.force_login(user)
        else:
            client.logout()
        return [
            item["label"]
            for item in client.get(URL + "suggestions/?q=maraud").json()["suggestions"]
        ]

    assert contract.THREAD_TERRITORY not in labels()
    assert contract.THREAD_TERRITORY not in labels(world.people["other_member"])
    assert contract.THREAD_TERRITORY in labels(world.people["member"])


def test_header_box_is_a_plain_form_enhanced_by_the_combobox(client, world):
    content = page(client)
    assert 'action="/recherche/"' in content
    assert 'data-czn-suggest="/recherche/suggestions/"' in content
    assert 'src="/static/search/combobox.js"' in content
    # Without JavaScript there is no ARIA combobox role on the box (the script adds it).
    assert 'role="combobox"' not in content


def test_suggestions_are_rate_limited_with_a_french_message(client, settings):
    settings.SEARCH_SUGGESTIONS_RATE = "2/m"
    assert client.get("/recherche/suggestions/?q=acc").status_code == 200
    assert client.get("/recherche/suggestions/?q=acc").status_code == 200
    response = client.get("/recherche/suggestions/?q=acc")
    assert response.status_code == 429
    assert "patientez" in response.json()["error"]
