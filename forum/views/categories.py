"""The forum's index and its categories, and the short addresses of threads and posts."""

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.shortcuts import redirect, render

from forum import permissions
from forum.links import post_url, thread_url
from forum.models import (
    Subscription,
    Thread,
)
from forum.unread import with_unread
from forum.views._common import (
    _category_or_404,
    _linked_page,
    _post_or_404,
    _thread_or_404,
    offer_login,
)
from website import cache_rules

THREADS_PER_PAGE = 30


def index(request):
    cache_rules.depends_on(request, "forum", "accounts")
    categories = (
        permissions.readable_categories(request.user)
        .annotate(threads_count=Count("threads"), last_activity=Max("threads__last_post_at"))
        .order_by("position", "name")
    )
    # « Lancer une discussion » from a sheet or an event: choose the category, then write.
    linking = _linked_page(request.GET.get("lier")) if request.user.is_authenticated else None
    return render(request, "forum/index.html", {"categories": categories, "linking": linking})


@offer_login
def category_detail(request, slug):
    user = request.user
    category = _category_or_404(user, slug)
    cache_rules.depends_on(request, "forum", f"forum.category:{category.pk}", "accounts")
    threads = (
        Thread.objects.filter(category=category)
        .select_related("author", "last_poster")
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )
    if user.is_authenticated:  # the read mark and the unread replies, in the same query
        threads = with_unread(threads, user)
    page_obj = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    thread_list = list(page_obj)
    if user.is_authenticated:
        for thread in thread_list:
            thread.is_unread = thread.last_read is None or thread.unread_count > 0
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page_obj": page_obj,
            "threads": [(thread, thread_url(thread)) for thread in thread_list],
            "can_post_reason": (
                permissions.why_cannot_post(user, category) if user.is_authenticated else None
            ),
            **_subscription_context(user, category=category),
        },
    )


def _subscription_context(user, thread=None, category=None) -> dict:
    """The notification level form (forum.notifications), for logged-in people."""
    if not user.is_authenticated:
        return {}
    from forum import notifications

    return {
        "subscription_level": notifications.level_for(user, thread=thread, category=category),
        "subscription_levels": Subscription.Level.choices,
    }


@offer_login
def thread_redirect(request, pk):
    thread = _thread_or_404(request.user, pk)
    return redirect(thread_url(thread))


@offer_login
def post_redirect(request, pk):
    post = _post_or_404(request.user, pk)
    return redirect(post_url(post))
