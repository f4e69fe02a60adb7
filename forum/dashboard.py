"""« Mes discussions » and « Mes abonnements » in « Mon compte » (accounts.dashboard_sections):
the threads the person started or replied to, latest activity first, with what is new since
they last read them; and the threads and categories whose notification level they chose, with
that level and a form to change it. Only what they may still read (forum.permissions). Four
queries whatever the number of threads."""

from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string

from forum import permissions
from forum.links import thread_url
from forum.models import Post, ReadMark, Subscription, Thread

SHOWN = 8


def my_threads(user):
    readable = permissions.readable_categories(user)
    took_part = Post.objects.filter(thread=OuterRef("pk"), author=user, is_deleted=False)
    return (
        Thread.objects.filter(category__in=readable)
        .filter(Exists(took_part))
        .select_related("category")
        .order_by("-last_post_at", "-pk")
    )


def _with_news(user, threads) -> None:
    marks = dict(
        ReadMark.objects.filter(user=user, thread__in=threads).values_list(
            "thread_id", "last_read_at"
        )
    )
    for thread in threads:
        last_read = marks.get(thread.pk)
        thread.has_news = last_read is None or thread.last_post_at > last_read
        thread.url = thread_url(thread)


def my_subscriptions(user):
    readable = permissions.readable_categories(user)
    return (
        Subscription.objects.filter(user=user)
        .exclude(level=Subscription.Level.NORMAL)
        .filter(Q(category__in=readable) | Q(thread__category__in=readable))
        .select_related("thread", "category")
        .order_by("category_id", "-thread__last_post_at", "pk")
    )


def discussions_section(request) -> str:
    user = request.user
    threads = list(my_threads(user)[: SHOWN + 1])
    _with_news(user, threads[:SHOWN])
    subscriptions = list(my_subscriptions(user)[:50])
    for subscription in subscriptions:
        if subscription.thread_id:
            subscription.thread.url = thread_url(subscription.thread)
    return render_to_string(
        "forum/dashboard/discussions.html",
        {
            "threads": threads[:SHOWN],
            "more_threads": len(threads) > SHOWN,
            "subscriptions": subscriptions,
            "levels": Subscription.Level,
        },
        request=request,
    )
