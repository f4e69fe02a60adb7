"""Notifications of the forum: who is notified of what (levels, mentions, accepted answers), the
e-mails (immediate, daily digest, never, unsubscribe link), the broker outage."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum import notifications, services, tasks
from forum.models import Category, Notification, Post, Subscription, Thread
from forum.tests.factories import CategoryFactory
from forum.tests.notifications import kinds, to
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- Who is notified -----------------------------------------------------------------------------


def test_reply_to_watched_thread_notifies_and_emails_once(world, committed):
    author, replier = world["author"], world["replier"]
    thread = committed(
        services.create_thread, author, world["category"], "Une question", "Comment faire ?"
    )
    # The author watches their thread automatically.
    assert notifications.level_for(author, thread=thread) == Subscription.Level.WATCHING
    post = committed(services.reply, replier, thread, "Voici ma réponse.")
    notification = Notification.objects.get(user=author)
    assert notification.kind == Notification.Kind.REPLY
    assert notification.post == post and notification.actor == replier
    assert notification.emailed_at is not None
    assert kinds(replier) == []  # never notified of one's own post
    # The replier now watches the thread.
    assert notifications.level_for(replier, thread=thread) == Subscription.Level.WATCHING
    emails = to(author)
    assert len(emails) == 1
    assert "Bruno Martin a répondu" in emails[0].subject
    body = emails[0].body
    assert "/forum/notifications/desabonnement/" in body and "/mon-compte/preferences/" in body
    html = emails[0].alternatives[0][0]
    assert "Ne plus recevoir ces e-mails" in html and "desabonnement" in html
    # Idempotent: the task called again sends nothing more.
    assert committed(tasks.send_immediate_notifications, [author.pk]) == 0
    assert len(to(author)) == 1


def test_mention_notifies_readers_only(committed):
    fictiville = TerritoryFactory(name="Fictiville")
    category = CategoryFactory(
        slug="equipe", visibility=Category.Visibility.TERRITORY, territory=fictiville
    )
    author = MembershipFactory(
        territory=fictiville, user=UserFactory(first_name="Awa", last_name="Diallo", old=True)
    ).user
    teammate = MembershipFactory(
        territory=fictiville, user=UserFactory(first_name="Chloe", last_name="Dupont", old=True)
    ).user
    outsider = UserFactory(first_name="Denis", last_name="Dehors", old=True)
    thread = committed(
        services.create_thread,
        author,
        category,
        "Réunion",
        "Bonjour @chloe.dupont et @denis.dehors, on se voit lundi ?",
    )
    assert kinds(teammate) == [Notification.Kind.MENTION]
    assert kinds(outsider) == []
    assert "vous mentionne dans" in Notification.objects.get(user=teammate).message
    assert notifications.level_for(teammate, thread=thread) == Subscription.Level.WATCHING
    assert len(to(teammate)) == 1 and to(outsider) == []


def test_accepted_answer_notifies_the_answer_author(world, committed):
    author, replier = world["author"], world["replier"]
    thread = services.create_thread(author, world["category"], "Une question", "Comment ?")
    answer = services.reply(replier, thread, "Comme ceci.")
    committed(services.accept_answer, author, thread, answer)
    accepted = Notification.objects.get(user=replier, kind=Notification.Kind.ACCEPTED)
    assert accepted.post == answer and "acceptée" in accepted.message


def test_category_watchers_and_levels(world, committed):
    category, author, replier = world["category"], world["author"], world["replier"]
    watcher = UserFactory(first_name="Eve", last_name="Veille", old=True)
    notifications.set_level(watcher, Subscription.Level.WATCHING, category=category)
    thread = committed(services.create_thread, author, category, "Nouveau sujet", "Texte")
    assert kinds(watcher) == [Notification.Kind.REPLY]  # « a ouvert une discussion »
    # The level chosen for the thread wins over the category's.
    notifications.set_level(watcher, Subscription.Level.NORMAL, thread=thread)
    committed(services.reply, replier, thread, "Une réponse")
    assert kinds(watcher) == [Notification.Kind.REPLY]
    assert notifications.level_for(watcher, category=category) == Subscription.Level.WATCHING
    assert notifications.level_for(watcher, thread=thread) == Subscription.Level.NORMAL


def test_muted_thread_gets_nothing(world, committed):
    author, replier = world["author"], world["replier"]
    thread = services.create_thread(author, world["category"], "Une question", "Comment ?")
    notifications.set_level(author, Subscription.Level.MUTED, thread=thread)
    answer = committed(services.reply, replier, thread, "Réponse, @awa.diallo")
    assert kinds(author) == []
    # Replying again does not turn watching back on.
    services.reply(author, thread, "Merci")
    assert notifications.level_for(author, thread=thread) == Subscription.Level.MUTED
    # A muted category: no mention either.
    other = UserFactory(first_name="Chloe", last_name="Dupont", old=True)
    notifications.set_level(other, Subscription.Level.MUTED, category=world["category"])
    committed(services.reply, replier, thread, "Et vous @chloe.dupont ?")
    assert kinds(other) == []
    assert to(author) == [] and to(other) == []
    assert answer.pk


# --- E-mails -------------------------------------------------------------------------------------


def test_daily_digest_groups_the_notifications(world, committed):
    author, replier = world["author"], world["replier"]
    User.objects.filter(pk=author.pk).update(notification_frequency="daily")
    first = committed(services.create_thread, author, world["category"], "Premier sujet", "A")
    second = committed(services.create_thread, author, world["category"], "Second sujet", "B")
    committed(services.reply, replier, first, "Réponse 1")
    committed(services.reply, replier, first, "Réponse 2")
    committed(services.reply, replier, second, "Réponse 3")
    assert Notification.objects.filter(user=author).count() == 3
    assert to(author) == []  # nothing before the digest
    assert committed(tasks.send_daily_digests) == 1
    emails = to(author)
    assert len(emails) == 1
    assert "récapitulatif" in emails[0].subject and "3 notifications" in emails[0].subject
    body = emails[0].body
    headings = re.findall(r"^« (.+) »$", body, re.MULTILINE)
    assert headings == ["Premier sujet", "Second sujet"]  # grouped by thread
    assert body.count("Bruno Martin a répondu") == 3
    assert "/forum/notifications/desabonnement/" in body
    assert not Notification.objects.filter(user=author, emailed_at__isnull=True).exists()
    # Sent once.
    assert committed(tasks.send_daily_digests) == 0
    assert len(to(author)) == 1
    # Immediate and pending tasks leave daily people alone.
    committed(services.reply, replier, first, "Réponse 4")
    Notification.objects.filter(user=author).update(created_at=timezone.now() - timedelta(hours=1))
    assert committed(tasks.send_pending_notifications) == 0
    assert len(to(author)) == 1


def test_never_gets_no_email(world, committed):
    author, replier = world["author"], world["replier"]
    User.objects.filter(pk=author.pk).update(notification_frequency="never")
    thread = committed(services.create_thread, author, world["category"], "Sujet", "A")
    committed(services.reply, replier, thread, "Réponse")
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))
    committed(tasks.send_pending_notifications)
    committed(tasks.send_daily_digests)
    assert Notification.objects.filter(user=author).count() == 1  # still shown on the site
    assert to(author) == []


def test_read_notifications_are_not_emailed(world, committed):
    author = world["author"]
    User.objects.filter(pk=author.pk).update(notification_frequency="daily")
    thread = services.create_thread(author, world["category"], "Sujet", "A")
    services.reply(world["replier"], thread, "Réponse")
    Notification.objects.filter(user=author).update(read_at=timezone.now())
    assert committed(tasks.send_daily_digests) == 0


def test_unsubscribe_link(world, committed, client):
    author = world["author"]
    thread = committed(services.create_thread, author, world["category"], "Sujet", "A")
    committed(services.reply, world["replier"], thread, "Réponse")
    url = re.search(r"https?://\S+/forum/notifications/desabonnement/\S+/", to(author)[0].body)
    path_ = url.group(0).split("://", 1)[1].split("/", 1)[1]
    response = client.get(f"/{path_}")  # no login needed
    assert response.status_code == 200
    assert "Confirmer le désabonnement" in response.content.decode()
    author.refresh_from_db()
    assert author.notification_frequency == "immediate"  # a GET changes nothing
    response = client.post(f"/{path_}")
    assert response.status_code == 200
    assert "vous ne recevrez plus d’e-mails du forum" in response.content.decode()
    author.refresh_from_db()
    assert author.notification_frequency == "never"


def test_unsubscribe_bad_token_gives_a_french_error(client, world):
    token = notifications.unsubscribe_token(world["author"])
    for bad in ("nimportequoi", token[:-3] + "abc"):
        response = client.post(reverse("forum:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "Ce lien de désabonnement n’est pas valide" in response.content.decode()
    world["author"].refresh_from_db()
    assert world["author"].notification_frequency == "immediate"


def test_broker_outage_never_loses_a_post(world, committed, monkeypatch):
    author, replier = world["author"], world["replier"]
    thread = services.create_thread(author, world["category"], "Sujet", "A")

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis injoignable")

    monkeypatch.setattr(tasks.send_immediate_notifications, "delay", broker_down)
    post = committed(services.reply, replier, thread, "Réponse pendant la panne")
    assert Post.objects.filter(pk=post.pk).exists()
    assert Thread.objects.get(pk=thread.pk).posts_count == 2
    notification = Notification.objects.get(user=author)
    assert notification.emailed_at is None
    assert to(author) == []
    # Too recent for the safety net: the regular task may still come.
    assert committed(tasks.send_pending_notifications) == 0
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=3)
    )
    assert committed(tasks.send_pending_notifications) == 1
    assert len(to(author)) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert committed(tasks.send_pending_notifications) == 0


def test_broker_outage_through_the_reply_page(
    world, client, monkeypatch, django_capture_on_commit_callbacks
):
    """The same, through the forum's reply form when it exists."""
    author, replier = world["author"], world["replier"]
    thread = services.create_thread(author, world["category"], "Sujet", "A")
    monkeypatch.setattr(
        tasks.send_immediate_notifications,
        "delay",
        lambda *a, **k: (_ for _ in ()).throw(ConnectionError("down")),
    )
    client.force_login(replier)
    url = notifications.thread_url(thread)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "Réponse pendant la panne"})
    assert response.status_code == 302
    assert Post.objects.filter(thread=thread, author=replier).exists()
    assert Notification.objects.filter(user=author, emailed_at__isnull=True).count() == 1
