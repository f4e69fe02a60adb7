import json
import logging

import pytest
from django.test import override_settings

from website.observability import JsonFormatter, RequestIdFilter


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first = client.get("/sante/vivant/")
    second = client.get("/sante/vivant/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_a_sane_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(client):
    kept = client.get("/sante/vivant/", HTTP_X_REQUEST_ID="nginx-abc123def456")
    assert kept["X-Request-ID"] == "nginx-abc123def456"
    replaced = client.get("/sante/vivant/", HTTP_X_REQUEST_ID="<script>\n")
    assert replaced["X-Request-ID"] != "<script>\n"
    assert len(replaced["X-Request-ID"]) == 32


def test_json_formatter_writes_one_object_with_the_request_id_and_extras():
    record = logging.LogRecord("czn.test", logging.WARNING, __file__, 1, "Bonjour %s", ("é",), None)
    record.request_id = "abc12345"
    record.thread_id = 42
    line = JsonFormatter().format(record)
    payload = json.loads(line)
    assert payload["message"] == "Bonjour é"
    assert payload["level"] == "WARNING"
    assert payload["logger"] == "czn.test"
    assert payload["request_id"] == "abc12345"
    assert payload["thread_id"] == 42
    assert "\n" not in line


def test_json_formatter_includes_the_traceback():
    try:
        raise ValueError("boum")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "échec", (), sys.exc_info())
    RequestIdFilter().filter(record)
    payload = json.loads(JsonFormatter().format(record))
    assert payload["request_id"] == "-"
    assert "ValueError: boum" in payload["exception"]


@pytest.mark.django_db
def test_log_lines_written_during_a_request_carry_its_id(client, caplog):
    from django.urls import path

    from config import urls as root_urls

    def view(request):
        from django.http import HttpResponse

        logging.getLogger("czn.view").warning("dans la vue")
        return HttpResponse("ok")

    class Urls:
        urlpatterns = [path("journal/", view), *root_urls.urlpatterns]

    with override_settings(ROOT_URLCONF=Urls):
        caplog.set_level(logging.WARNING, logger="czn.view")
        handler_filter = RequestIdFilter()
        response = client.get("/journal/", HTTP_X_REQUEST_ID="req-0123456789")
    records = [r for r in caplog.records if r.name == "czn.view"]
    assert records
    handler_filter.filter(records[0])
    assert records[0].request_id == "req-0123456789"
    assert response["X-Request-ID"] == "req-0123456789"


@pytest.mark.django_db
def test_liveness_and_readiness(client):
    live = client.get("/sante/vivant/")
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    ready = client.get("/sante/pret/")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert "no-cache" in ready["Cache-Control"] or "max-age=0" in ready["Cache-Control"]


@pytest.mark.django_db
def test_readiness_says_503_when_the_broker_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from config.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/sante/pret/")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"] == {"status": "error"}
    assert body["checks"]["database"]["status"] == "ok"
    assert "127.0.0.1:1" not in response.content.decode()


@pytest.mark.django_db
def test_readiness_says_503_when_the_cache_fails(client, monkeypatch):
    from website import health

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get("/sante/pret/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"status": "error"}
