"""The forum pages, reading: categories, threads, pages of posts, unread marks; their queries
are bounded."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles
from forum import services
from forum.links import thread_url
from forum.models import Attachment, Post, Reaction, ReadMark, Thread
from forum.tests import utils
from forum.tests.factories import CategoryFactory, ThreadFactory
from forum.tests.pages import content
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# --- Reading -------------------------------------------------------------------------------------


def test_category_list_shows_counts_and_last_activity(client, public, question):
    CategoryFactory(slug="vide", name="Catégorie vide")
    response = client.get("/forum/")
    html = content(response)
    assert response.status_code == 200
    assert "Entraide" in html and "Catégorie vide" in html
    assert "Aucune discussion" in html  # the empty category
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in html.split("<tr>")[2:]}
    assert list(rows) == ["Catégorie vide", "Entraide"]
    assert "<td>1</td>" in rows["Entraide"] and "<time" in rows["Entraide"]
    assert "<td>0</td>" in rows["Catégorie vide"]


def test_category_page_sorts_and_marks_threads(client, public, author):
    old = ThreadFactory(author=author, category=public, title="Ancienne discussion")
    recent = ThreadFactory(author=author, category=public, title="Discussion récente")
    pinned = ThreadFactory(
        author=author, category=public, title="Règles du forum", kind=Thread.Kind.DISCUSSION
    )
    Thread.objects.filter(pk=pinned.pk).update(is_pinned=True, last_post_at=old.last_post_at)
    replier = UserFactory(first_name="Paul", last_name="Répondeur", old=True)
    answer = utils.reply(old, replier, "Voici une piste.")
    services.accept_answer(author, old, answer)

    reader = UserFactory(old=True)
    client.force_login(reader)
    client.get(thread_url(recent))  # read: no « Non lu » mark
    html = content(client.get("/forum/entraide/"))
    titles = re.findall(r'<a class="fr-link[^"]*" href="/forum/discussion/[^"]+">([^<]+)</a>', html)
    assert titles == ["Règles du forum", "Ancienne discussion", "Discussion récente"]
    rows = html.split("<tr>")[2:]
    assert "Résolu" in rows[1] and "par Paul Répondeur" in rows[1] and "<td>1</td>" in rows[1]
    assert "Non lu" in rows[1] and "Non lu" not in rows[2]
    assert "Épinglée" in rows[0]
    assert 'href="/forum/entraide/nouvelle/"' in html and "Nouvelle discussion" in html


def test_anonymous_sees_no_unread_mark_and_a_login_link(client, public, question):
    html = content(client.get("/forum/entraide/"))
    assert "Non lu" not in html
    assert "Se connecter pour lancer une discussion" in html
    thread_html = content(client.get(thread_url(question)))
    assert "Connectez-vous pour répondre" in thread_html
    assert 'name="text"' not in thread_html


def test_thread_page_paginates_posts_and_anchors(client, question):
    posts = utils.bulk_replies(question, 45)
    html = content(client.get(thread_url(question)))
    assert "Quelles pistes pour les familles monoparentales ?" in html
    assert f'id="message-{posts[0].pk}"' in html and f'id="message-{posts[19].pk}"' in html
    assert f'id="message-{posts[20].pk}"' not in html
    page3 = content(client.get(thread_url(question, 3)))
    assert f'id="message-{posts[44].pk}"' in page3
    assert "Quelles pistes" not in page3  # the question is on the first page
    # A permalink leads to the right page.
    response = client.get(f"/forum/message/{posts[30].pk}/")
    assert response.url == thread_url(question, 2, f"message-{posts[30].pk}")
    # An outdated slug redirects to the canonical address.
    response = client.get(f"/forum/discussion/{question.pk}-ancien-titre/?page=2")
    assert response.status_code == 302
    assert response.url == thread_url(question) + "?page=2"


def test_hidden_and_deleted_posts(client, question):
    hidden = utils.reply(question, text="Propos déplacés")
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True, hidden_reason="Injurieux")
    deleted = utils.reply(question, text="Message retiré")
    Post.objects.filter(pk=deleted.pk).update(is_deleted=True)
    client.force_login(UserFactory(old=True))
    html = content(client.get(thread_url(question)))
    assert "Message masqué par la modération" in html and "Propos déplacés" not in html
    assert "Message supprimé" in html and "Message retiré" not in html
    client.force_login(UserFactory(roles=[roles.MODERATOR], old=True))
    html = content(client.get(thread_url(question)))
    assert "Propos déplacés" in html and "Injurieux" in html
    assert "Message retiré" not in html


def test_unread_posts_and_jump_link(client, question):
    reader = UserFactory(old=True)
    older = utils.bulk_replies(question, 25)
    client.force_login(reader)
    html = content(client.get(thread_url(question)))
    assert "Aller au premier message non lu" not in html  # first visit: nothing to jump to
    assert ">Nouveau</p>" not in html
    client.get(thread_url(question, 2))  # read to the end
    assert ReadMark.objects.get(user=reader).last_read_at == older[-1].created_at
    assert "Non lu" not in content(client.get("/forum/entraide/"))

    first_new = utils.reply(question, text="Nouvelle réponse 1")
    utils.reply(question, text="Nouvelle réponse 2")
    assert "Non lu" in content(client.get("/forum/entraide/"))
    html = content(client.get(thread_url(question)))
    jump = thread_url(question, 2, f"message-{first_new.pk}")
    assert f'href="{jump}"' in html and "Aller au premier message non lu" in html
    page2 = content(client.get(thread_url(question, 2)))
    assert page2.count(">Nouveau</p>") == 2
    assert "Non lu" not in content(client.get("/forum/entraide/"))
    assert "Aller au premier message non lu" not in content(client.get(thread_url(question)))


# --- Query counts --------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _fill_category(category, count):
    for n in range(count):
        thread = ThreadFactory(author=UserFactory(old=True), category=category, title=f"Sujet {n}")
        if n % 3 == 0:
            answer = utils.reply(thread, UserFactory(old=True), "Réponse")
            services.accept_answer(thread.author, thread, answer)


@pytest.mark.parametrize("as_role", ["anonymous", "member", "moderator"])
def test_category_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, as_role
):
    small = CategoryFactory(slug="petite")
    large = CategoryFactory(slug="grande")
    _fill_category(small, 5)
    _fill_category(large, 40)
    if as_role != "anonymous":
        user = UserFactory(roles=[roles.MODERATOR] if as_role == "moderator" else [], old=True)
        client.force_login(user)
        client.get(thread_url(large.threads.first()))  # a read mark exists
    bound = _count(client, "/forum/petite/")
    with django_assert_max_num_queries(bound):
        client.get("/forum/grande/")
    with django_assert_max_num_queries(bound):
        client.get("/forum/grande/?page=2")


def _fill_thread(thread, count):
    authors = [UserFactory(old=True) for _ in range(min(count, 25))]
    posts = utils.bulk_replies(thread, count, authors)
    for index, post in enumerate(posts):
        if index % 4 == 0:
            Reaction.objects.create(
                post=post, user=authors[(index + 1) % len(authors)], kind="merci"
            )
        if index % 5 == 0:
            Attachment.objects.create(
                post=post,
                file="forum/x.png",
                name=f"image{index}.png",
                content_type="image/png",
                size=10,
            )
        if index % 6 == 0:
            post.revisions.create(source="ancienne version", edited_by=post.author)
    services.accept_answer(thread.author, thread, posts[3])


@pytest.mark.parametrize("as_role", ["anonymous", "member", "moderator"])
def test_thread_page_runs_a_constant_number_of_queries(
    client, public, django_assert_max_num_queries, as_role
):
    short = ThreadFactory(category=public, title="Courte")
    long = ThreadFactory(category=public, title="Longue")
    _fill_thread(short, 10)
    _fill_thread(long, 120)
    if as_role != "anonymous":
        user = UserFactory(roles=[roles.MODERATOR] if as_role == "moderator" else [], old=True)
        client.force_login(user)
        client.get(thread_url(short))
        client.get(thread_url(long))
        utils.reply(short, text="Nouveau")
        utils.reply(long, text="Nouveau")
    bound = _count(client, thread_url(short))
    with django_assert_max_num_queries(bound):
        client.get(thread_url(long))
    with django_assert_max_num_queries(bound):
        client.get(thread_url(long, 4))
