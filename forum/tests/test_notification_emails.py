"""What the forum's notification e-mails carry (issue 22, « Notifications you can act on »): the
post's text (sanitised HTML, plain text, shortened with « Lire la suite »), a link to the post
itself and the thread's title; the ``List-Unsubscribe`` headers and the one-click unsubscription
of RFC 8058 (a POST without CSRF token unsubscribes, a GET changes nothing)."""

import pytest
from django.test import Client

from accounts.models import User
from forum import notifications, services, tasks
from forum.links import post_url
from forum.tests.notifications import to

pytestmark = pytest.mark.django_db

REPLY = (
    "Nous avons croisé les fichiers de la **CAF** et du CCAS.\n\n"
    "<script>alert('piège')</script>\n\n"
    '<a href="javascript:alert(1)" onclick="alert(2)">clic</a>'
)


def _html(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def _reply(world, committed, text=REPLY):
    thread = committed(
        services.create_thread, world["author"], world["category"], "Repérer les retraités", "A"
    )
    post = committed(services.reply, world["replier"], thread, text)
    post.thread = thread
    return post


def test_immediate_email_carries_the_post_its_link_and_the_thread(world, committed, settings):
    post = _reply(world, committed)
    (message,) = to(world["author"])
    link = f"{settings.SITE_URL}{post_url(post)}"
    assert f"#message-{post.pk}" in link
    text, html = message.body, _html(message)
    for body in (text, html):
        assert "Repérer les retraités" in body
        assert link in body
        assert "Lire la suite" not in body  # a short post is given whole
    assert "Nous avons croisé les fichiers de la CAF et du CCAS." in text
    assert "**" not in text and "<strong>" not in text
    assert "<strong>CAF</strong>" in html
    # Sanitised: nothing of the script or the handler survives in the HTML part.
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html
    assert "alert(" not in html and "alert(" not in text


def test_a_long_post_is_shortened_with_a_link_to_read_on(world, committed, settings):
    words = " ".join(f"mot{index}" for index in range(400))
    post = _reply(world, committed, text=f"Début du message. {words} FINDUMESSAGE")
    (message,) = to(world["author"])
    link = f"{settings.SITE_URL}{post_url(post)}"
    for body in (message.body, _html(message)):
        assert "Début du message." in body
        assert "FINDUMESSAGE" not in body
        assert "Lire la suite" in body
        assert link in body
    assert len(message.body) < 3000


def test_daily_digest_carries_the_posts_and_their_links(world, committed, settings):
    User.objects.filter(pk=world["author"].pk).update(notification_frequency="daily")
    post = _reply(world, committed)
    assert committed(tasks.send_daily_digests) == 1
    (message,) = to(world["author"])
    link = f"{settings.SITE_URL}{post_url(post)}"
    assert "Nous avons croisé les fichiers de la CAF et du CCAS." in message.body
    assert link in message.body and link in _html(message)
    assert "<strong>CAF</strong>" in _html(message)
    assert "<script" not in _html(message) and "javascript:" not in _html(message)


def test_emails_have_list_unsubscribe_headers(world, committed):
    _reply(world, committed)
    (message,) = to(world["author"])
    url = notifications.unsubscribe_url(world["author"])
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_one_click_post_unsubscribes_without_csrf_token(world):
    author = world["author"]
    url = notifications.unsubscribe_url(author).split("://", 1)[1].split("/", 1)[1]
    browser = Client(enforce_csrf_checks=True)
    # A mail scanner or a preview opening the link changes nothing.
    response = browser.get(f"/{url}")
    assert response.status_code == 200
    assert "Confirmer le désabonnement" in response.content.decode()
    author.refresh_from_db()
    assert author.notification_frequency == "immediate"
    # The mailbox's one-click POST (RFC 8058): no cookie, no CSRF token.
    response = browser.post(f"/{url}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    author.refresh_from_db()
    assert author.notification_frequency == "never"


def test_one_click_post_with_a_bad_token_changes_nothing(world):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        "/forum/notifications/desabonnement/nimportequoi/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 400
    world["author"].refresh_from_db()
    assert world["author"].notification_frequency == "immediate"


def test_plain_text_of_a_post_reads_well():
    from forum.notifications.emails import excerpt
    from forum.tests.factories import ThreadFactory

    post = ThreadFactory(
        text="Bonjour **tous**,\n\n- un [lien](https://exemple.fr)\n- deux"
    ).posts.get()
    assert excerpt(post).text == "> Bonjour tous,\n>\n> - un lien (https://exemple.fr)\n> - deux"
