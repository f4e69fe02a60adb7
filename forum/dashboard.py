"""« Mes discussions » and « Mes abonnements » in « Mon compte » (accounts.dashboard_sections):
the threads the person started or replied to, latest activity first, with what is new since
they last read them; and the threads and categories whose notification level they chose (or
that they follow because they wrote there), with that level, muted ones first. Only what they
may still read (forum.permissions). Five queries whatever the number of threads."""

from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string

from forum import permissions
from forum.links import thread_url
from forum.models import Post, ReadMark, Subscription, Thread

SHOWN = 8
SUBSCRIPTIONS_SHOWN = 10


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
        # Muted first (what one may want to undo), then categories, then the latest threads.
        .order_by("level", F("thread_id").asc(nulls_first=True), "-thread__last_post_at", "-pk")
    )


def discussions_section(request) -> str:
    user = request.user
    threads = list(my_threads(user)[: SHOWN + 1])
    _with_news(user, threads[:SHOWN])
    chosen = my_subscriptions(user)
    subscriptions = list(chosen[: SUBSCRIPTIONS_SHOWN + 1])
    for subscription in subscriptions:
        if subscription.thread_id:
            subscription.thread.url = thread_url(subscription.thread)
    return render_to_string(
        "forum/dashboard/discussions.html",
        {
            "threads": threads[:SHOWN],
            "more_threads": len(threads) > SHOWN,
            "subscriptions": subscriptions[:SUBSCRIPTIONS_SHOWN],
            "more_subscriptions": len(subscriptions) > SUBSCRIPTIONS_SHOWN,
            "subscription_total": chosen.count() if subscriptions else 0,
        },
        request=request,
    )
