"""« Non lus et nouveautés » (/forum/nouveautes/): the threads of every category the person may
read with posts they have not read (and how many), the recent threads they never opened, « Tout
marquer comme lu », the read mark written by the thread's page; the category page's count of
unread replies; constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from forum.links import thread_url
from forum.models import Category, Post, ReadMark, Thread
from forum.tests import utils
from forum.tests.factories import CategoryFactory, ThreadFactory
from tests.factories import TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

UNREAD, NEW = "/forum/nouveautes/", "/forum/nouveautes/discussions/"


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _read_long_ago(user, thread):
    """``user`` read ``thread`` an hour ago (before the replies written next)."""
    hour_ago = timezone.now() - timedelta(hours=1)
    Thread.objects.filter(pk=thread.pk).update(created_at=hour_ago, last_post_at=hour_ago)
    Post.objects.filter(thread=thread).update(created_at=hour_ago)
    ReadMark.objects.create(user=user, thread=thread, last_read_at=hour_ago)


@pytest.fixture
def reader():
    return UserFactory(first_name="Léa", last_name="Lectrice", old=True)


@pytest.fixture
def moderator():
    return UserFactory(roles=[roles.MODERATOR], old=True)


@pytest.fixture
def restricted():
    return CategoryFactory(
        slug="equipe-fictiville",
        visibility=Category.Visibility.TERRITORY,
        territory=TerritoryFactory(name="Fictiville"),
    )


def test_unread_lists_readable_threads_with_their_unread_count(
    client, reader, restricted, moderator
):
    public = CategoryFactory(slug="entraide", name="Entraide")
    followed = ThreadFactory(category=public, title="Repérer les retraités modestes")
    secret = ThreadFactory(
        category=restricted, author=moderator, title="Sujet réservé à Fictiville"
    )
    read = ThreadFactory(category=public, title="Discussion lue")
    for thread in (followed, secret, read):
        _read_long_ago(reader, thread)
    utils.reply(followed, text="Première nouvelle réponse")
    utils.reply(followed, text="Deuxième nouvelle réponse")
    deleted = utils.reply(followed, text="Réponse retirée")
    Post.objects.filter(pk=deleted.pk).update(is_deleted=True)
    utils.reply(followed, reader, "Ma propre réponse")  # one's own posts are not unread
    utils.reply(secret, moderator, "Réponse que Léa ne peut pas lire")
    client.force_login(reader)
    page = html(client.get(UNREAD))
    assert "Repérer les retraités modestes" in page
    assert "2 messages non lus" in page
    assert "Sujet réservé à Fictiville" not in page  # not readable: never listed
    assert "Discussion lue" not in page
    assert "Tout marquer comme lu" in page
    # The category page counts them too.
    category_page = html(client.get("/forum/entraide/"))
    assert "dont 2 non lues" in category_page


def test_viewing_the_thread_marks_it_read(client, reader):
    thread = ThreadFactory(title="Repérer les retraités modestes")
    _read_long_ago(reader, thread)
    utils.reply(thread, text="Nouvelle réponse")
    client.force_login(reader)
    assert "Repérer les retraités modestes" in html(client.get(UNREAD))
    html(client.get(thread_url(thread)))
    page = html(client.get(UNREAD))
    assert "Repérer les retraités modestes" not in page
    assert "Vous êtes à jour" in page


def test_new_threads_tab_lists_recent_readable_threads_never_opened(
    client, reader, restricted, moderator
):
    ThreadFactory(title="Nouvelle question sur l’APL")
    old = ThreadFactory(title="Question d’il y a un mois")
    Thread.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    ThreadFactory(category=restricted, author=moderator, title="Nouveau sujet réservé")
    ThreadFactory(author=reader, title="Ma propre question")
    opened = ThreadFactory(title="Question déjà ouverte")
    client.force_login(reader)
    html(client.get(thread_url(opened)))
    page = html(client.get(NEW))
    assert "Nouvelle question sur l’APL" in page
    for absent in ("Question d’il y a un mois", "Nouveau sujet réservé", "Ma propre question"):
        assert absent not in page
    assert "Question déjà ouverte" not in page
    assert 'aria-current="page">Nouveautés (1)' in page


def test_mark_all_read_empties_both_tabs(client, reader, restricted, moderator):
    followed = ThreadFactory(title="Discussion suivie")
    _read_long_ago(reader, followed)
    utils.reply(followed, text="Nouvelle réponse")
    ThreadFactory(title="Nouvelle discussion")
    secret = ThreadFactory(category=restricted, author=moderator, title="Sujet réservé")
    client.force_login(reader)
    response = client.post("/forum/nouveautes/tout-lu/", follow=True)
    page = html(response)
    assert "Toutes les discussions sont marquées comme lues." in page
    assert "Vous êtes à jour" in page
    assert "Aucune nouvelle discussion à lire depuis 14 jours." in html(client.get(NEW))
    assert not ReadMark.objects.filter(user=reader, thread=secret).exists()
    assert client.get("/forum/nouveautes/tout-lu/").status_code == 405


def test_pages_ask_to_log_in(client, settings):
    for url in (UNREAD, NEW):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_linked_from_the_forum_index_and_the_header(client, reader):
    client.force_login(reader)
    page = html(client.get("/forum/"))
    assert page.count(f'href="{UNREAD}"') == 2  # the index's button and the header's link


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        html(client.get(url))
    return len(context.captured_queries)


def test_constant_number_of_queries(client, reader, django_assert_num_queries):
    def fill(count):
        for index in range(count):
            thread = ThreadFactory(title=f"Discussion {index}")
            _read_long_ago(reader, thread)
            utils.reply(thread, text="Nouvelle réponse")
            ThreadFactory(title=f"Nouvelle discussion {index}")

    client.force_login(reader)
    fill(2)
    _queries(client, UNREAD), _queries(client, NEW)  # warm the per-process caches
    small = {UNREAD: _queries(client, UNREAD), NEW: _queries(client, NEW)}
    fill(8)
    _queries(client, UNREAD)  # new accounts were created: warm the caches again
    for url, count in small.items():
        with django_assert_num_queries(count):
            page = html(client.get(url))
        assert page.count("1 message non lu") == (10 if url == UNREAD else 0)
        assert page.count("<tr>") == 11  # the header and ten threads
