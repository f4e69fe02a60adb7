"""The search falls back to the database when Elasticsearch is unreachable or fails; the backend
is chosen by the setting."""

from __future__ import annotations

from unittest import mock

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders

from search import backends
from search.backends import elasticsearch as es
from search.tests.factories import SearchDocumentFactory

pytestmark = pytest.mark.usefixtures("elasticsearch_state")


# --- Fallback to the database --------------------------------------------------------------------


@pytest.mark.django_db
def test_page_falls_back_to_the_database_when_unreachable(client, settings, caplog):
    # A closed port on this machine: the real client raises ConnectionError at once.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    backends.reset_cache()
    SearchDocumentFactory(title="Accompagnement numérique des seniors", text="Ateliers en ligne.")
    assert isinstance(backends.get_backend(), es.ElasticsearchBackend)
    response = client.get("/recherche/", {"q": "numerique"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Accompagnement <mark>numérique</mark> des seniors" in content
    assert "indisponible" not in content  # nothing alarming for the user
    assert "Search failed on elasticsearch" in caplog.text
    # Marked down: the next searches go straight to the database, without waiting.
    assert backends.get_backend().is_database
    assert "marked unavailable" in caplog.text
    response = client.get("/recherche/suggestions/", {"q": "accomp"})
    assert response.status_code == 200
    assert [item["label"] for item in response.json()["suggestions"]][:1] == [
        "Accompagnement numérique des seniors"
    ]


@pytest.mark.django_db
def test_search_error_falls_back_to_the_database(client, settings):
    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    backends.reset_cache()
    SearchDocumentFactory(title="Permanences d’accès aux droits")
    backend = backends.get_backend()
    error = es.ApiError(
        "search_phase_execution_exception",
        ApiResponseMeta(500, "1.1", HttpHeaders(), 0.01, None),
        {},
    )
    with mock.patch.object(backend.client, "search", side_effect=error):
        response = client.get("/recherche/", {"q": "droits"})
    assert response.status_code == 200
    assert "Permanences d’accès aux <mark>droits</mark>" in response.content.decode()


def test_backend_is_chosen_by_the_setting(settings):
    settings.ELASTICSEARCH_URL = ""
    backends.reset_cache()
    assert backends.get_backend().is_database
    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    backends.reset_cache()
    backend = backends.get_backend()
    assert isinstance(backend, es.ElasticsearchBackend)
    assert [b.name for b in backends.index_backends()][1:] == ["elasticsearch"]
