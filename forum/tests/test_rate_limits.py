"""Limits that apply to every account (moderators excepted): posts per minute, flags per hour."""

import pytest
from django.core.exceptions import PermissionDenied

from forum import services
from forum.models import Flag, Post
from forum.tests.factories import CategoryFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(name="Général", slug="general-limites")


def old_account():
    from datetime import timedelta

    from django.utils import timezone

    return UserFactory(date_joined=timezone.now() - timedelta(days=30))


def test_posts_per_minute_limit_with_french_message(category, settings):
    settings.FORUM_POSTS_PER_MINUTE = 3
    author = old_account()
    thread = services.create_thread(author, category, "Sujet", "Premier message")
    services.reply(author, thread, "Deux")
    services.reply(author, thread, "Trois")
    with pytest.raises(Exception) as caught:
        services.reply(author, thread, "Quatre")
    assert "patientez un instant" in str(caught.value)
    assert Post.objects.filter(thread=thread).count() == 3


def test_thread_page_says_why_one_cannot_reply_yet(client, category, settings):
    settings.FORUM_POSTS_PER_MINUTE = 1
    author = old_account()
    thread = services.create_thread(author, category, "Sujet limité", "Premier message")
    client.force_login(author)
    from django.urls import reverse

    from forum.links import thread_slug

    url = reverse("forum:thread", kwargs={"pk": thread.pk, "slug": thread_slug(thread)})
    response = client.get(url)
    content = response.content.decode()
    assert "patientez un instant" in content


def test_flags_per_hour_limit(category, settings):
    settings.FORUM_FLAGS_PER_HOUR = 2
    author = old_account()
    flagger = old_account()
    thread = services.create_thread(author, category, "Sujet", "Message 1")
    posts = [thread.posts.first()]
    for text in ("Message 2", "Message 3"):
        posts.append(services.reply(author, thread, text))
    services.flag_post(flagger, posts[0], "Hors sujet")
    services.flag_post(flagger, posts[1], "Hors sujet")
    with pytest.raises((PermissionDenied, Exception)) as caught:
        services.flag_post(flagger, posts[2], "Hors sujet")
    assert "signalements en une heure" in str(caught.value)
    assert Flag.objects.filter(user=flagger).count() == 2
