import re

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()


def test_anonymous_home_is_served_from_the_cache_the_second_time(client):
    first = client.get("/")
    second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert _without_nonces(first.content) == _without_nonces(second.content)
    assert second["Content-Type"].startswith("text/html")


def _without_nonces(content: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]+"', b'nonce="x"', content)


def _nonces(response) -> tuple[set[str], str]:
    in_page = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
    in_header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    return in_page, in_header


def test_every_cached_copy_gets_its_own_csp_nonce(client):
    pages = [client.get("/") for _ in range(3)]
    assert [page["X-Cache"] for page in pages] == ["MISS", "HIT", "HIT"]
    header_nonces = set()
    for page in pages:
        in_page, in_header = _nonces(page)
        assert in_page == {in_header}  # the scripts carry the nonce the policy allows
        header_nonces.add(in_header)
    assert len(header_nonces) == 3


def test_publishing_a_page_invalidates(client, django_capture_on_commit_callbacks):
    from website.models import ContentPage, HomePage

    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"
    home = HomePage.objects.first()
    page = ContentPage(title="Nouvelle page publiée", slug="nouvelle-page", intro="Intro")
    with django_capture_on_commit_callbacks(execute=True):
        home.add_child(instance=page)
        page.save_revision().publish()
    assert client.get("/")["X-Cache"] == "MISS"


def _thread(title, category=None):
    from forum import services
    from forum.models import Category

    if category is None:
        category = Category.objects.create(name="Général", slug=f"general-{abs(hash(title))}")
    author = UserFactory()
    return author, services.create_thread(author, category, title, "Texte")


def test_a_new_post_reaches_anonymous_lists_within_the_grace_period(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    """A new post may be late on an anonymous page by the forum's grace period, never more."""
    from forum import services
    from website import cache_rules

    author, thread = _thread("Question en cache")
    client.get("/forum/")
    assert client.get("/forum/")["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(author, thread, "Une réponse")
    assert client.get("/forum/")["X-Cache"] == "HIT"  # within the grace period
    monkeypatch.setitem(cache_rules.RULES.grace, "forum", 0)
    assert client.get("/forum/")["X-Cache"] == "MISS"


def test_a_hidden_post_is_never_served_late(client, django_capture_on_commit_callbacks):
    from forum import moderation, services
    from forum.links import thread_url

    author, thread = _thread("Question modérée")
    post = services.reply(author, thread, "Un message à masquer bientôt")
    url = thread_url(thread)
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    moderator = UserFactory(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(moderator, post, "Hors sujet")
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert "Un message à masquer bientôt" not in response.content.decode()


def test_a_post_in_one_thread_leaves_the_others_cached(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    from forum import services
    from forum.links import thread_url
    from website import cache_rules

    monkeypatch.setitem(cache_rules.RULES.grace, "forum.thread", 0)
    author, first = _thread("Première discussion")
    other, second = _thread("Seconde discussion", category=first.category)
    for thread in (first, second):  # (two empty threads would share their list of replies)
        services.reply(other, thread, f"Une réponse dans « {thread.title} »")
    for thread in (first, second):
        client.get(thread_url(thread))
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(author, first, "Du nouveau dans la première")
    assert client.get(thread_url(second))["X-Cache"] == "HIT"
    response = client.get(thread_url(first))
    assert response["X-Cache"] == "MISS"
    assert "Du nouveau dans la première" in response.content.decode()


def test_logged_in_people_and_sessions_bypass_the_cache(client):
    client.get("/")
    user = UserFactory()
    client.force_login(user)
    response = client.get("/")
    assert response.get("X-Cache", "") not in ("HIT", "MISS")  # not the anonymous copy
    assert response.status_code == 200


def test_personal_paths_and_errors_are_never_cached(client):
    client.get("/compte/login/")
    assert "X-Cache" not in client.get("/compte/login/")
    client.get("/page-qui-n-existe-pas/")
    assert "X-Cache" not in client.get("/page-qui-n-existe-pas/")
    assert "X-Cache" not in client.get("/sante/vivant/")


def test_query_strings_are_distinct_keys(client):
    client.get("/fiches/")
    assert client.get("/fiches/")["X-Cache"] == "HIT"
    assert client.get("/fiches/?frein=fracture-numerique")["X-Cache"] == "MISS"


def test_disabled_with_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Cache" not in client.get("/")


def test_a_cache_outage_never_breaks_a_page(client, monkeypatch):
    from website import page_cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(page_cache.cache, "get", broken)
    response = client.get("/")
    assert response.status_code == 200


def test_a_new_release_starts_from_an_empty_cache(client, monkeypatch, tmp_path, settings):
    """After a deploy (new RELEASE, or a new static files manifest), no page cached by the
    previous release is served: it could point to static files that are gone."""
    from django.core.cache import cache

    from website import cache_rules

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    monkeypatch.setenv("RELEASE", "2026.11.1")
    cache_rules.release.cache_clear()
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"
    monkeypatch.setenv("RELEASE", "2026.11.2")
    cache_rules.release.cache_clear()
    assert client.get("/")["X-Cache"] != "HIT"
    # Without RELEASE, the manifest's digest names the release.
    monkeypatch.delenv("RELEASE")
    settings.STATIC_ROOT = str(tmp_path)
    (tmp_path / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.1.css"}}')
    cache_rules.release.cache_clear()
    first = cache_rules.release()
    (tmp_path / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.2.css"}}')
    cache_rules.release.cache_clear()
    assert cache_rules.release() != first
    cache_rules.release.cache_clear()


def test_nested_collectors_that_gathered_the_same_scopes_are_told_apart(rf):
    """Two collectors are equal sets when they gathered the same scopes: each block still
    takes its own off the stack (a thread page with nested fragments answered 500 under load)."""
    from website import cache_rules

    request = rf.get("/")
    with cache_rules.collecting(request) as outer:
        with cache_rules.collecting(request) as inner:
            assert inner == outer  # both empty
        with cache_rules.collecting(request):
            cache_rules.depends_on(request, "forum")
    assert request._cache_collectors == []
    assert outer == {"forum"}
