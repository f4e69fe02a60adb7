import json

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from website.ratelimit import ratelimit


@ratelimit("test-json", "TEST_RATE", "3/m")
def json_view(request):
    return HttpResponse("ok")


@ratelimit("test-page", "TEST_RATE", "3/m")
def page_view(request):
    return HttpResponse("ok")


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()


def _get(view, address="10.0.0.1"):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return view(request)


def test_over_the_limit_answers_429_in_french_json():
    assert [_get(json_view).status_code for _ in range(3)] == [200, 200, 200]
    response = _get(json_view)
    assert response.status_code == 429
    assert "patientez" in json.loads(response.content)["error"]
    assert response["Retry-After"] == "60"
    assert _get(json_view, address="10.0.0.2").status_code == 200  # another client


@pytest.mark.django_db
def test_over_the_limit_answers_a_french_page(settings):
    settings.TEST_RATE = "1/m"
    assert _get(page_view).status_code == 200
    response = _get(page_view)
    assert response.status_code == 429
    assert "Trop de requêtes" in response.content.decode()
