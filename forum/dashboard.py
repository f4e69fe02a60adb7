"""« Mes discussions » and « Mes abonnements » in « Mon compte » (accounts.dashboard_sections):
the threads the person started or replied to, latest activity first, with what is new since
they last read them; and the threads and categories whose notification level they chose (or
that they follow because they wrote there), with that level, muted ones first. Only what they
may still read (forum.permissions). Four queries whatever the number of threads."""

from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string

from forum import permissions
from forum.links import thread_url
from forum.models import Post, Subscription
from forum.unread import with_unread

SHOWN = 8
SUBSCRIPTIONS_SHOWN = 10


def my_threads(user):
    """With ``last_read``, the person's read mark (``forum.unread.with_unread``)."""
    took_part = Post.objects.filter(thread=OuterRef("pk"), author=user, is_deleted=False)
    threads = permissions.readable_threads(user).filter(Exists(took_part))
    return with_unread(threads, user).select_related("category").order_by("-last_post_at", "-pk")


def _with_news(threads) -> None:
    for thread in threads:
        thread.has_news = thread.last_read is None or thread.last_post_at > thread.last_read
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
    _with_news(threads[:SHOWN])
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
