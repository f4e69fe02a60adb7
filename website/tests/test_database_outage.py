import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from config import urls as root_urls
from mailer.models import OutgoingEmail


def write_then_fail(request):
    OutgoingEmail.objects.create(to="x@example.org", subject="s", body_text="b")
    raise OperationalError("server closed the connection unexpectedly")


def fine(request):
    return HttpResponse("ok")


class Urls:
    urlpatterns = [path("ecrire/", write_then_fail), path("ok/", fine), *root_urls.urlpatterns]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=Urls)
def test_database_failure_mid_request_gives_a_french_503_and_writes_nothing(client):
    client.raise_request_exception = False
    response = client.post("/ecrire/")
    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Service momentanément indisponible" in content
    assert "Rien n’a été enregistré" in content
    assert "server closed" not in content
    assert not OutgoingEmail.objects.filter(to="x@example.org").exists()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=Urls)
def test_other_requests_are_untouched(client):
    assert client.get("/ok/").content == b"ok"
