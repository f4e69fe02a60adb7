"""The notification views: list, open, mark all read, unsubscribe, subscription level. Their
URLs are in ``forum.urls``."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forum.models import Category, Notification, Subscription, Thread
from forum.notifications.addresses import (
    category_url,
    target_url,
    thread_url,
    url_or,
    user_from_unsubscribe_token,
)
from forum.notifications.core import set_level

Level = Subscription.Level
NOTIFICATIONS_PER_PAGE = 30


@login_required
def notification_list(request):
    notifications = (
        Notification.objects.filter(user=request.user)
        .select_related("thread", "actor")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(
        request,
        "forum/notifications.html",
        {
            "page_obj": page,
            "unread": unread,
            "preferences_url": url_or("accounts:preferences", "/mon-compte/preferences/"),
            "frequency": request.user.get_notification_frequency_display(),
        },
    )


@login_required
@require_POST
def mark_all_read(request):
    count = Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect(url_or("forum:notifications", "/forum/notifications/"))


@login_required
def open_notification(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = get_object_or_404(
        Notification.objects.select_related("thread", "post__thread"), pk=pk, user=request.user
    )
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return redirect(target_url(notification))


@csrf_exempt
def unsubscribe(request, token):
    """One-click unsubscription from the forum e-mails, without logging in: GET asks for
    confirmation and changes nothing (mail scanners open links), POST sets the frequency to
    « never ». The POST needs no CSRF token: the mailbox's own « Se désabonner » button posts
    ``List-Unsubscribe=One-Click`` here (RFC 8058, the e-mails' ``List-Unsubscribe`` header),
    and the signed token in the address is what authorises it."""
    user = user_from_unsubscribe_token(token)
    context = {
        "token": token,
        "person": user,
        "preferences_url": url_or("accounts:preferences", "/mon-compte/preferences/"),
    }
    if user is None:
        return render(
            request,
            "forum/notifications/unsubscribe.html",
            {**context, "invalid": True},
            status=400,
        )
    if request.method == "POST":
        user_model = get_user_model()
        user_model.objects.filter(pk=user.pk).update(
            notification_frequency=user_model.NotificationFrequency.NEVER
        )
        return render(request, "forum/notifications/unsubscribe.html", {**context, "done": True})
    return render(request, "forum/notifications/unsubscribe.html", context)


def _subscription_target(user, data):
    """The thread or the category named by ``thread_id`` or ``category_id``, if ``user`` may
    read it. One that exists but is out of reach answers 404 like a missing one, so that the
    form cannot be used to learn which restricted threads exist."""
    from forum import permissions

    model, key, check = (
        (Thread, "thread_id", permissions.can_read_thread)
        if data.get("thread_id")
        else (Category, "category_id", permissions.can_read_category)
    )
    try:
        pk = int(data.get(key, ""))
    except ValueError:
        raise Http404 from None
    queryset = model.objects.select_related("category") if model is Thread else model.objects
    target = queryset.filter(pk=pk).first()
    if target is None or not check(user, target):
        raise Http404
    return (target, None) if model is Thread else (None, target)


def _subscription_message(level, thread, category) -> str:
    if thread:
        what = _("la discussion « %(title)s »") % {"title": thread.title}
    else:
        what = _("la catégorie « %(name)s »") % {"name": category}
    return {
        Level.WATCHING: _("Vous suivez désormais %(what)s."),
        Level.NORMAL: _("Vous ne recevrez que ce qui vous concerne dans %(what)s."),
        Level.MUTED: _("Vous ne recevrez plus aucune notification de %(what)s."),
    }[level] % {"what": what}


@login_required
@require_POST
def set_subscription(request):
    """POST ``thread_id`` or ``category_id``, ``level`` and ``next``: choose one's level."""
    level = request.POST.get("level", "")
    if level not in Level.values:
        messages.error(request, _("Choisissez un niveau de suivi."))
        level = None
    thread, category = _subscription_target(request.user, request.POST)
    fallback = thread_url(thread) if thread else category_url(category)
    if level:
        set_level(request.user, level, thread=thread, category=category)
        messages.success(request, _subscription_message(level, thread, category))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = fallback
    return redirect(next_url)
