"""Addresses of what notifications are about, absolute for e-mails, and the signed token of
the one-click unsubscription link."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import NoReverseMatch, reverse

from forum.links import thread_slug
from forum.models import Category, Notification, Post, Thread

UNSUBSCRIBE_SALT = "forum.notifications.unsubscribe"


def absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def thread_url(thread: Thread) -> str:
    slug = thread_slug(thread)
    try:
        return reverse("forum:thread", kwargs={"pk": thread.pk, "slug": slug})
    except NoReverseMatch:
        return f"/forum/discussion/{thread.pk}-{slug}/"


def category_url(category: Category) -> str:
    try:
        return reverse("forum:category", kwargs={"slug": category.slug})
    except NoReverseMatch:
        return f"/forum/{category.slug}/"


def post_url(post: Post) -> str:
    """The post inside its thread. Uses the forum's « forum:post » redirect (which knows the
    page of the post) when it exists, else the thread with the ``#message-<pk>`` anchor."""
    try:
        return reverse("forum:post", kwargs={"pk": post.pk})
    except NoReverseMatch:
        return f"{thread_url(post.thread)}#message-{post.pk}"


def target_url(notification: Notification) -> str:
    if notification.post_id:
        return post_url(notification.post)
    if notification.thread_id:
        return thread_url(notification.thread)
    return url_or("forum:notifications", "/forum/notifications/")


def url_or(name, fallback, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_from_unsubscribe_token(token: str):
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


def unsubscribe_url(user) -> str:
    token = unsubscribe_token(user)
    return absolute(
        url_or("forum:unsubscribe", f"/forum/notifications/desabonnement/{token}/", token=token)
    )


def preferences_url() -> str:
    return absolute(url_or("accounts:preferences", "/mon-compte/preferences/"))
