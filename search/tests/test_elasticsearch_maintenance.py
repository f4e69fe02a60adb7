"""The Elasticsearch index without a server: the alias swap of ``rebuild()``, bulk updates, the
updates deferred while the engine is unreachable, the sync task, ``manage.py search_reindex``."""

from __future__ import annotations

from unittest import mock

import pytest
from elastic_transport import ApiResponseMeta, HttpHeaders
from elastic_transport import ConnectionError as TransportConnectionError

from search import backends
from search.backends import elasticsearch as es
from search.backends.base import SearchQuery
from search.models import SearchDocument
from search.tests.es_helpers import fake_backend
from search.tests.factories import SearchDocumentFactory

pytestmark = pytest.mark.usefixtures("elasticsearch_state")


# --- Index maintenance ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_rebuild_swaps_the_alias_atomically():
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = True
    client.indices.get_alias.return_value = {"czn-search-20250101000000000000": {}}
    sent = []
    with mock.patch.object(
        es.helpers, "bulk", side_effect=lambda _client, actions, **kw: sent.extend(actions)
    ):
        document = SearchDocumentFactory(title="Une fiche")
        count = backend.rebuild(progress=lambda n: None)
    assert count == SearchDocument.objects.count() > 0
    create = client.indices.create.call_args.kwargs
    new_name = create["index"]
    assert new_name.startswith("czn-search-") and new_name != "czn-search-20250101000000000000"
    assert create["settings"]["refresh_interval"] == "-1"  # no refresh while filling
    assert create["mappings"]["dynamic"] == "strict"
    assert {action["_index"] for action in sent} == {new_name}
    assert document.pk in [action["_id"] for action in sent]
    client.indices.update_aliases.assert_called_once_with(
        actions=[
            {"remove": {"index": "czn-search-20250101000000000000", "alias": "czn-search"}},
            {"add": {"index": new_name, "alias": "czn-search"}},
        ]
    )
    names = [call[0] for call in client.indices.mock_calls]
    # Filled and refreshed before the swap; the old index deleted only after it.
    assert names.index("refresh") < names.index("update_aliases") < names.index("delete")
    client.indices.delete.assert_called_once_with(
        index="czn-search-20250101000000000000", ignore_unavailable=True
    )


@pytest.mark.django_db
def test_rebuild_failure_keeps_the_old_index():
    backend, client = fake_backend()
    SearchDocumentFactory(title="Une fiche")
    with (
        mock.patch.object(es.helpers, "bulk", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        backend.rebuild()
    new_name = client.indices.create.call_args.kwargs["index"]
    client.indices.update_aliases.assert_not_called()
    client.indices.delete.assert_called_once_with(index=new_name, ignore_unavailable=True)


@pytest.mark.django_db
def test_first_rebuild_replaces_a_concrete_index_named_like_the_alias():
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = False
    client.indices.exists.return_value = True
    with mock.patch.object(es.helpers, "bulk"):
        backend.rebuild()
    actions = client.indices.update_aliases.call_args.kwargs["actions"]
    assert actions[0] == {"remove_index": {"index": "czn-search"}}
    assert actions[1]["add"]["alias"] == "czn-search"


@pytest.mark.django_db
def test_index_and_delete_in_bulk_through_the_alias():
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = True
    calls = []
    with mock.patch.object(
        es.helpers, "bulk", side_effect=lambda _c, actions, **kw: calls.append((list(actions), kw))
    ):
        document = SearchDocumentFactory(title="Une fiche")
        backend.index([document])
        backend.delete([document.pk, 999])
    (indexed, _), (deleted, delete_kwargs) = calls
    assert indexed == [
        {"_index": "czn-search", "_id": document.pk, "_source": es.document_body(document)}
    ]
    assert [(a["_op_type"], a["_id"]) for a in deleted] == [
        ("delete", document.pk),
        ("delete", 999),
    ]
    assert delete_kwargs["ignore_status"] == (404,)  # deleting twice is fine


@pytest.mark.django_db
def test_unreachable_engine_defers_index_updates(caplog, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    backend, client = fake_backend()
    client.indices.exists_alias.side_effect = TransportConnectionError("refused")
    document = SearchDocumentFactory(title="Une fiche")
    with mock.patch("search.tasks.sync_elasticsearch.apply_async") as queued:
        backend.index([document])
        assert not backend.available()
        backend.delete([12])  # not even tried while marked down
    assert client.indices.exists_alias.call_count == 1
    assert [call.kwargs["args"][0] for call in queued.call_args_list] == [[document.pk], [12]]
    assert "queued for retry" in caplog.text


@pytest.mark.django_db
def test_sync_task_indexes_present_rows_and_deletes_the_others():
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = True
    document = SearchDocumentFactory(title="Une fiche")
    calls = []
    with (
        mock.patch.object(
            es.helpers, "bulk", side_effect=lambda _c, actions, **kw: calls.append(list(actions))
        ),
        mock.patch.object(backends, "get_external_backend", return_value=backend),
    ):
        from search import tasks

        tasks.sync_elasticsearch.apply(args=[[document.pk, 4242]])
    assert [action["_id"] for action in calls[0]] == [document.pk]
    assert calls[1] == [{"_op_type": "delete", "_index": "czn-search", "_id": 4242}]


@pytest.mark.django_db
def test_nothing_is_sent_before_the_index_is_built(caplog):
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = False
    with mock.patch.object(es.helpers, "bulk") as bulk:
        backend.index([SearchDocumentFactory(title="Une fiche")])
    bulk.assert_not_called()
    client.indices.create.assert_not_called()  # no partial index
    assert "search_reindex" in caplog.text
    # Searching a missing index: the database answers for a while.
    error = es.NotFoundError(
        "index_not_found_exception", ApiResponseMeta(404, "1.1", HttpHeaders(), 0.01, None), {}
    )
    client.search.side_effect = error
    with pytest.raises(es.NotFoundError):
        backend.search(SearchQuery(text="fiche"))
    assert not backend.available()


def test_sync_task_retries_while_unreachable():
    from celery.exceptions import Retry

    from search import tasks

    backend = mock.Mock()
    backend.sync_ids.side_effect = TransportConnectionError("refused")
    with (
        mock.patch.object(backends, "get_external_backend", return_value=backend),
        mock.patch.object(tasks.sync_elasticsearch, "retry", return_value=Retry("again")) as retry,
        pytest.raises(Retry),
    ):
        tasks.sync_elasticsearch.run([1, 2])
    backend.sync_ids.assert_called_once_with([1, 2])
    assert retry.call_args.kwargs["countdown"] == 30  # then 60, 120… (backoff)
    assert isinstance(retry.call_args.kwargs["exc"], TransportConnectionError)
    assert tasks.sync_elasticsearch.max_retries == 8


# --- manage.py search_reindex ---------------------------------------------------------------


class TTY:
    """A stdout that says it is a terminal (the progress bars are drawn)."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def isatty(self):
        return True

    @property
    def text(self):
        return "".join(self.parts)


@pytest.mark.django_db
def test_reindex_command_rebuilds_elasticsearch_with_a_progress_bar(settings):
    from django.core.management import call_command

    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    backends.reset_cache()
    backend = backends.get_external_backend()
    backend.client = mock.MagicMock()
    backend.client.indices.exists_alias.return_value = True
    backend.client.indices.get_alias.return_value = {"czn-search-old": {}}
    sent = []
    out = TTY()
    with mock.patch.object(
        es.helpers, "bulk", side_effect=lambda _c, actions, **kw: sent.extend(actions)
    ):
        call_command("search_reindex", stdout=out)
    count = SearchDocument.objects.count()
    assert count > 0 and len(sent) == count
    assert "elasticsearch :" in out.text
    assert f"{count}/{count} documents" in out.text
    assert f"Index de recherche reconstruit : {count} documents" in out.text
    assert "elasticsearch" in out.text.splitlines()[-1]
    backend.client.indices.update_aliases.assert_called_once()
