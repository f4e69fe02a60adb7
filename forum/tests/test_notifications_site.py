"""Notifications of the forum on the site: the bell, the notifications page, the subscription
levels."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import notifications, services
from forum.models import Category, Notification, Subscription
from forum.tests.factories import CategoryFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- On the site ---------------------------------------------------------------------------------


def _notify(user, count=2, **kwargs):
    return [
        Notification.objects.create(
            user=user, kind=Notification.Kind.REPLY, message=f"Notification {number}", **kwargs
        )
        for number in range(count)
    ]


def test_bell_shows_the_unread_count(client, world):
    author = world["author"]
    _notify(author, 2)
    Notification.objects.create(user=author, kind="reply", message="Lue", read_at=timezone.now())
    with CaptureQueriesContext(connection) as anonymous:
        content = client.get("/").content.decode()
    assert "fr-icon-notification-3-line" not in content
    assert not any("forum_notification" in query["sql"] for query in anonymous.captured_queries)
    client.force_login(author)
    with CaptureQueriesContext(connection) as logged_in:
        content = client.get("/").content.decode()
    assert "fr-icon-notification-3-line" in content
    assert 'href="/forum/notifications/"' in content
    assert re.search(r'fr-badge[^"]*"[^>]*>2</span>', content)
    assert "2 non lues" in content
    counts = [q for q in logged_in.captured_queries if "forum_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0]["sql"].upper()


def test_notifications_page_open_and_mark_read(client, world):
    author, replier = world["author"], world["replier"]
    thread = services.create_thread(author, world["category"], "Sujet", "A")
    post = services.reply(replier, thread, "Réponse")
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))
    _notify(author, 2)
    response = client.get(reverse("forum:notifications"))
    assert response.status_code == 302 and "/compte/" in response["Location"]  # login
    client.force_login(author)
    content = client.get(reverse("forum:notifications")).content.decode()
    assert "3 notifications non lues" in content and "Tout marquer comme lu" in content
    assert "Bruno Martin a répondu" in content and "Non lue" in content
    reply_notification = Notification.objects.get(user=author, post=post)
    response = client.get(reverse("forum:notification_open", args=[reply_notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == notifications.post_url(post)
    reply_notification.refresh_from_db()
    assert reply_notification.read_at is not None
    # Someone else's notification: 404.
    other = _notify(replier, 1)[0]
    assert client.get(reverse("forum:notification_open", args=[other.pk])).status_code == 404
    # Mark all as read: POST only.
    assert client.get(reverse("forum:notifications_read_all")).status_code == 405
    response = client.post(reverse("forum:notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=author, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=replier, read_at__isnull=True).count() == 1
    content = client.get(reverse("forum:notifications")).content.decode()
    assert "Aucune notification non lue" in content


def test_notification_target_reaches_the_post(world):
    thread = services.create_thread(world["author"], world["category"], "Sujet", "A")
    post = services.reply(world["replier"], thread, "Réponse")
    url = notifications.post_url(post)
    assert url.startswith("/forum/")
    notification = Notification.objects.get(user=world["author"])
    assert notifications.target_url(notification) == url


# --- Subscription levels -------------------------------------------------------------------------


def test_subscription_view(client, world):
    author, replier = world["author"], world["replier"]
    category = world["category"]
    thread = services.create_thread(author, category, "Sujet", "A")
    url = reverse("forum:subscription")
    assert client.post(url, {"thread_id": thread.pk, "level": "muted"}).status_code == 302
    assert not Subscription.objects.filter(user=replier).exists()  # anonymous: login first
    client.force_login(replier)
    assert client.get(url).status_code == 405
    response = client.post(
        url, {"thread_id": thread.pk, "level": "muted", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and "evil" not in response["Location"]
    assert response["Location"] == notifications.thread_url(thread)
    assert notifications.level_for(replier, thread=thread) == "muted"
    response = client.post(
        url,
        {
            "category_id": category.pk,
            "level": "watching",
            "next": f"/forum/{category.slug}/?page=2",
        },
    )
    assert response["Location"] == f"/forum/{category.slug}/?page=2"
    assert notifications.level_for(replier, category=category) == "watching"
    # Unknown level: nothing changes.
    client.post(url, {"category_id": category.pk, "level": "tout"})
    assert notifications.level_for(replier, category=category) == "watching"
    # A category one may not read.
    private = CategoryFactory(
        slug="prive", visibility=Category.Visibility.TERRITORY, territory=TerritoryFactory()
    )
    assert client.post(url, {"category_id": private.pk, "level": "watching"}).status_code == 404
    assert client.post(url, {"thread_id": 999999, "level": "watching"}).status_code == 404


def _page(response) -> str:
    """The page without what changes at each request (nonces, CSRF tokens)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())


def test_subscription_does_not_tell_a_restricted_thread_from_a_missing_one(client, world):
    territory = TerritoryFactory()
    private = CategoryFactory(
        slug="prive", visibility=Category.Visibility.TERRITORY, territory=territory
    )
    insider = UserFactory(first_name="Chloé", last_name="Petit", old=True)
    MembershipFactory(user=insider, territory=territory)
    hidden = services.create_thread(insider, private, "Secret", "A")
    client.force_login(world["replier"])
    url = reverse("forum:subscription")
    forbidden = client.post(url, {"thread_id": hidden.pk, "level": "watching"})
    missing = client.post(url, {"thread_id": hidden.pk + 1000, "level": "watching"})
    assert forbidden.status_code == missing.status_code == 404
    assert _page(forbidden) == _page(missing)
    missing_category = client.post(url, {"category_id": private.pk + 1000, "level": "muted"})
    forbidden_category = client.post(url, {"category_id": private.pk, "level": "muted"})
    assert _page(forbidden_category) == _page(missing_category)
    assert not Subscription.objects.filter(user=world["replier"]).exists()


def test_subscription_form_include(rf, world):
    thread = services.create_thread(world["author"], world["category"], "Sujet", "A")
    request = rf.get("/forum/discussion/1-sujet/?page=2")
    request.user = world["author"]
    html = render_to_string(
        "forum/includes/subscription_form.html",
        {
            "target_type": "thread",
            "target": thread,
            "current_level": notifications.level_for(world["author"], thread=thread),
            "user": world["author"],
            "request": request,
        },
        request=request,
    )
    assert 'action="/forum/suivi/"' in html
    assert f'name="thread_id" value="{thread.pk}"' in html
    assert '<option value="watching" selected>' in html
    assert 'name="next" value="/forum/discussion/1-sujet/?page=2"' in html
