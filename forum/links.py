"""Addresses of the forum's threads and posts (a post's page in its thread), for the views, the
notifications, the other apps and the scripts: no view is needed to link to a thread."""

from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from forum.models import (
    Post,
    Thread,
)

POSTS_PER_PAGE = 20


def thread_slug(thread: Thread) -> str:
    return slugify(thread.title)[:80].strip("-") or "discussion"


def thread_url(thread: Thread, page: int | None = None, anchor: str | None = None) -> str:
    url = reverse("forum:thread", kwargs={"pk": thread.pk, "slug": thread_slug(thread)})
    if page and page > 1:
        url += f"?page={page}"
    if anchor:
        url += f"#{anchor}"
    return url


def _other_posts(thread: Thread):
    """The posts listed after the question (and after the accepted answer), paginated."""
    queryset = Post.objects.filter(thread=thread, is_first=False)
    if thread.accepted_post_id:
        queryset = queryset.exclude(pk=thread.accepted_post_id)
    return queryset.order_by("created_at", "pk")


def post_page_number(post: Post) -> int:
    thread = post.thread
    if post.is_first or post.pk == thread.accepted_post_id:
        return 1
    before = (
        _other_posts(thread)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    return before // POSTS_PER_PAGE + 1


def post_url(post: Post) -> str:
    return thread_url(post.thread, post_page_number(post), f"message-{post.pk}")
