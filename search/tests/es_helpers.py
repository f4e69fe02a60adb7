"""Helpers of the Elasticsearch backend's tests without a server (test_elasticsearch*.py): query
bodies, a backend on a mocked client."""

from types import SimpleNamespace
from unittest import mock

from search.backends import elasticsearch as es
from search.backends.base import SearchQuery


def body(query: SearchQuery) -> dict:
    return es.build_search(query).to_dict()


def find(node, key):
    """Every value under ``key`` anywhere in a nested dict/list."""
    found = []
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                found.append(value)
            found += find(value, key)
    elif isinstance(node, list):
        for value in node:
            found += find(value, key)
    return found


def api_response(payload: dict):
    return SimpleNamespace(body=payload)


def fake_backend(**kwargs):
    client = mock.MagicMock()
    return es.ElasticsearchBackend(url="http://es.invalid:9200", client=client, **kwargs), client
