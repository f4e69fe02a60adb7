"""What a person has not read yet in the forum, from the read marks (``ReadMark``: one row per
person and thread with the time of the last post read, recorded by the thread's page when it
is viewed — that page is never served whole from the cache, so the mark is always written).

- « Non lus » (``unread_threads``): threads the person has opened, with posts written since by
  someone else (deleted and hidden posts not counted);
- « Nouveautés » (``new_threads``): threads opened in the last ``FORUM_NEW_THREADS_DAYS`` days
  (14 by default) that the person never opened and did not write;
- ``with_unread``: any list of threads, annotated with the viewer's mark and number of unread
  posts (the category page's « 3 non lus »);
- ``mark_all_read``: « Tout marquer comme lu ».
Only threads of the categories the person may read (``permissions.readable_threads``); every
list is one query whatever its length."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from forum import permissions
from forum.models import Post, ReadMark, Thread


def new_threads_days() -> int:
    return getattr(settings, "FORUM_NEW_THREADS_DAYS", 14)


def with_unread(threads, user):
    """``last_read`` (None: never opened) and ``unread_count`` (posts after the mark by someone
    else, 0 when never opened) on each thread of ``threads``, in the same query."""
    last_read = ReadMark.objects.filter(user=user, thread=OuterRef("pk")).values("last_read_at")
    unread = (
        Post.objects.filter(
            thread=OuterRef("pk"),
            created_at__gt=OuterRef("last_read"),
            is_deleted=False,
            is_hidden=False,
        )
        .exclude(author=user)
        .order_by()
        .values("thread")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return threads.annotate(last_read=Subquery(last_read[:1])).annotate(
        unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), 0)
    )


def _listed(user):
    return permissions.readable_threads(user).select_related("category", "last_poster", "author")


def unread_threads(user):
    """Threads the person opened that have new posts by others, most recent activity first."""
    threads = with_unread(_listed(user), user).filter(
        last_read__isnull=False, last_post_at__gt=F("last_read"), unread_count__gt=0
    )
    return threads.order_by("-last_post_at", "-pk")


def _new_since():
    return timezone.now() - timedelta(days=new_threads_days())


def new_threads(user):
    """Recent threads the person never opened and did not write, newest first."""
    return (
        _listed(user)
        .filter(created_at__gte=_new_since())
        .exclude(read_marks__user=user)
        .exclude(author=user)
        .order_by("-created_at", "-pk")
    )


def mark_all_read(user) -> int:
    """Mark every unread and every new thread read, up to its last post. Three queries."""
    ids = list(unread_threads(user).values_list("pk", flat=True))
    last_post_at = Thread.objects.filter(pk=OuterRef("thread_id")).values("last_post_at")[:1]
    updated = ReadMark.objects.filter(user=user, thread_id__in=ids).update(
        last_read_at=Subquery(last_post_at)
    )
    created = ReadMark.objects.bulk_create(
        [
            ReadMark(user=user, thread_id=pk, last_read_at=last)
            for pk, last in new_threads(user).values_list("pk", "last_post_at")
        ],
        ignore_conflicts=True,
    )
    return updated + len(created)
