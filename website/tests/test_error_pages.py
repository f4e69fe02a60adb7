"""Refused submissions answer French DSFR pages that help get back what was typed: a body over
DATA_UPLOAD_MAX_MEMORY_SIZE (413), a failed CSRF check (403), any other bad request (400)."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from config import urls as site_urls
from tests.factories import UserFactory


def _raise_bad_request(request):
    raise SuspiciousOperation("malformed")


urlpatterns = [path("mauvaise-demande/", _raise_bad_request), *site_urls.urlpatterns]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def _designed(content: str) -> bool:
    return "fr-header" in content and "fr-footer" in content and 'lang="fr"' in content


def _client_with_csrf_cookie() -> Client:
    """A browser's: the CSRF check reads the body (here, before any view does)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.get("/plan-du-site/")  # the log-out form of the header sets the cookie
    assert "csrftoken" in client.cookies
    return client


@pytest.mark.django_db
def test_a_body_over_the_limit_answers_413_in_french_with_the_limit():
    client = _client_with_csrf_cookie()
    response = client.post(
        "/plan-du-site/",
        {"text": "x" * (10 * 1024 * 1024 + 1)},
        HTTP_REFERER="http://testserver/forum/",
    )
    assert response.status_code == 413
    content = response.content.decode()
    assert "Envoi trop volumineux" in content and _designed(content)
    assert "10\u00a0Mo" in content
    assert "bouton « Retour »" in content
    assert 'href="http://testserver/forum/"' in content  # « Revenir au formulaire »
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=int(2.5 * 1024 * 1024))
def test_the_limit_is_written_the_french_way():
    response = _client_with_csrf_cookie().post(
        "/plan-du-site/",
        "a=" + "x" * (3 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
        HTTP_REFERER="https://elsewhere.example/",
    )
    assert response.status_code == 413
    content = response.content.decode()
    assert "2,5\u00a0Mo" in content
    assert "elsewhere.example" not in content  # no link back to another site


@pytest.mark.django_db
def test_the_proxy_s_own_limit_shows_the_same_french_page(client):
    """nginx refuses a body over its client_max_body_size itself, and shows this page (its
    `error_page 413`, as a GET): the same page, with the proxy's limit, which the compose file
    and the setting keep equal."""
    from pathlib import Path

    from django.conf import settings

    response = client.get("/erreurs/trop-volumineux/")
    assert response.status_code == 413
    content = response.content.decode()
    assert "Envoi trop volumineux" in content and _designed(content)
    assert "20\u00a0Mo" in content
    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text()
    megabytes = settings.PROXY_MAX_BODY_SIZE // (1024 * 1024)
    assert f"client_max_body_size {megabytes}m;" in compose
    assert "error_page 413 /erreurs/trop-volumineux/;" in compose


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_bad_request_answers_400_in_french(client):
    response = client.get("/mauvaise-demande/")
    assert response.status_code == 400
    content = response.content.decode()
    assert "Demande incorrecte" in content and "Erreur 400" in content and _designed(content)


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["testserver"])
def test_an_unknown_host_answers_the_french_400_page(client):
    response = client.get("/plan-du-site/", HTTP_HOST="inconnu.example")
    assert response.status_code == 400
    assert "Demande incorrecte" in response.content.decode()


@pytest.mark.django_db
def test_a_failed_csrf_check_answers_a_french_page_that_gives_the_text_back():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(
        "/plan-du-site/",
        {"title": "Repérer les retraités", "text": "Mon long message <b>gras</b>", "page": "12"},
        HTTP_ORIGIN="http://testserver",
        HTTP_REFERER="http://testserver/forum/general/nouvelle/",
    )
    assert response.status_code == 403
    content = response.content.decode()
    assert "Formulaire expiré" in content and _designed(content)
    assert "n’a pas enregistré votre envoi" in content
    assert "Repérer les retraités" in content
    assert "Mon long message &lt;b&gt;gras&lt;/b&gt;" in content  # escaped, in a text area
    assert 'href="http://testserver/forum/general/nouvelle/"' in content
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_the_csrf_page_never_echoes_what_another_site_posted():
    client = _client_with_csrf_cookie()  # only the token is missing
    for origin in ({"HTTP_ORIGIN": "https://evil.example"}, {}):
        response = client.post("/plan-du-site/", {"text": "Appelez le 0800 000 000"}, **origin)
        assert response.status_code == 403
        content = response.content.decode()
        assert "Formulaire expiré" in content
        assert "0800 000 000" not in content
        assert "bouton « Retour »" in content  # how to recover without the echo


@pytest.mark.django_db
def test_the_csrf_page_says_when_cookies_are_blocked():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/plan-du-site/", {"text": "Bonjour"}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 403
    assert "accepte les cookies" in response.content.decode()
