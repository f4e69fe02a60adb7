import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_strict_csp_with_a_nonce(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'nonce-" in policy  # dsfr_js asks for the nonce
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_nonce_changes_per_request(client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first != second


def test_other_security_headers(client):
    response = client.get("/")
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_wagtail_admin_is_excluded_from_the_csp(client):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] == "DENY"


def test_a_cached_page_keeps_its_csp_with_a_nonce_of_its_own(client, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    first = client.get("/")
    second = client.get("/")
    assert second["X-Cache"] == "HIT"
    first_nonce = first["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    nonce = second["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert nonce != first_nonce
    assert (
        second["Content-Security-Policy"].replace(nonce, first_nonce)
        == (first["Content-Security-Policy"])
    )
    assert f'nonce="{nonce}"' in second.content.decode()
    assert first_nonce not in second.content.decode()


def test_the_admin_sends_no_e_mail_hash_to_gravatar(client):
    """Wagtail's avatars come from Gravatar by default (a hash of the e-mail address): ours are
    local. The dashboard and the users' list show avatars of the person and of others."""
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, email="admin@example.org")
    UserFactory(email="autre@example.org")
    client.force_login(admin)
    for url in ("/admin/", "/admin/users/"):
        page = client.get(url).content.decode()
        assert "gravatar" not in page.lower(), url
        assert "avatar" in page, url
