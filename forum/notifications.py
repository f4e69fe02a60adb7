"""In-app notifications, written in the same transaction as what caused them.

E-mails are sent from these rows by Celery tasks (``forum.tasks``: immediately or as a daily
digest, as each person chose on « Mon compte »); a broker outage only delays them.

Levels (``Subscription``), per thread and per category:
- watching: every new post of the thread (or every new thread and post of the category);
- normal: only what concerns the person (mentions, their accepted answer, moderation);
- muted: nothing from that thread or category, mentions included.
The level chosen for a thread wins over the one chosen for its category. Watching is automatic
for one's own threads and the threads one replied to or was mentioned in, unless one chose
another level for that thread. Moderation decisions always reach the person concerned.

This module also holds the notification views (list, open, mark all read, unsubscribe,
subscription level); their URLs are in ``forum.urls``."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from forum.links import thread_slug
from forum.models import Category, Notification, Post, Subscription, Thread
from forum.rendering import mentioned_handles

Level = Subscription.Level
UNSUBSCRIBE_SALT = "forum.notifications.unsubscribe"
NOTIFICATIONS_PER_PAGE = 30


# --- Levels --------------------------------------------------------------------------------------


def watch(user, thread: Thread) -> None:
    """Watching is automatic for one's own threads and threads one replied to or was mentioned
    in, unless one chose another level for that thread."""
    Subscription.objects.get_or_create(user=user, thread=thread, defaults={"level": Level.WATCHING})


def _levels(user_ids, thread: Thread) -> dict[int, str]:
    """Effective level of each person for this thread: their choice for the thread, else for its
    category, else « normal ». One query."""
    user_ids = set(user_ids)
    if not user_ids:
        return {}
    by_thread, by_category = {}, {}
    rows = Subscription.objects.filter(
        Q(thread=thread) | Q(category_id=thread.category_id), user_id__in=user_ids
    ).values_list("user_id", "thread_id", "level")
    for user_id, thread_id, level in rows:
        (by_thread if thread_id else by_category)[user_id] = level
    return {pk: by_thread.get(pk) or by_category.get(pk) or Level.NORMAL for pk in user_ids}


def level_for(user, thread: Thread | None = None, category: Category | None = None) -> str:
    """The level to show in the subscription form of a thread (its own, else its category's)
    or of a category. « normal » for anonymous visitors and people who chose nothing."""
    if not user or not user.is_authenticated:
        return Level.NORMAL
    if thread is not None:
        return _levels([user.pk], thread)[user.pk]
    if category is not None:
        level = (
            Subscription.objects.filter(user=user, category=category)
            .values_list("level", flat=True)
            .first()
        )
        return level or Level.NORMAL
    raise ValueError("level_for needs a thread or a category")


def set_level(
    user, level: str, thread: Thread | None = None, category: Category | None = None
) -> Subscription:
    if level not in Level.values:
        raise ValueError(f"Unknown level {level!r}")
    if (thread is None) == (category is None):
        raise ValueError("set_level needs a thread or a category")
    subscription, _created = Subscription.objects.update_or_create(
        user=user, thread=thread, category=category, defaults={"level": level}
    )
    return subscription


# --- Creating notifications ----------------------------------------------------------------------


def _notify(users, kind, thread, post, actor, message) -> list[Notification]:
    rows = [
        Notification(
            user=user, kind=kind, thread=thread, post=post, actor=actor, message=message[:300]
        )
        for user in users
    ]
    created = Notification.objects.bulk_create(rows)
    if created:
        from forum.tasks import schedule_emails

        schedule_emails([row.user_id for row in created])
    return created


def _mention_candidates(source: str, notified: set) -> list:
    """The active people whose handle the post mentions, except those in ``notified``."""
    handles = mentioned_handles(source)
    if not handles:
        return []
    user_model = get_user_model()
    return list(
        user_model.objects.filter(handle__in=handles, is_active=True).exclude(pk__in=notified)
    )


def post_created(post: Post) -> None:
    """Mentions, then replies (or new threads) for the people watching the thread or the
    category. The author is never notified of their own post; nobody is notified of a thread
    they may not read."""
    from forum import permissions

    thread, author = post.thread, post.author
    user_model = get_user_model()
    notified = {author.pk} if author else set()
    name = str(author) if author else "Quelqu’un"

    candidates = _mention_candidates(post.source, notified)
    watcher_ids = (
        set(
            Subscription.objects.filter(
                Q(thread=thread) | Q(category_id=thread.category_id), level=Level.WATCHING
            ).values_list("user_id", flat=True)
        )
        - notified
    )
    levels = _levels({user.pk for user in candidates} | watcher_ids, thread)

    if author is not None:
        watch(author, thread)

    mentioned = []
    for user in candidates:
        if levels.get(user.pk) == Level.MUTED or not permissions.can_read_thread(user, thread):
            continue
        watch(user, thread)
        mentioned.append(user)
        notified.add(user.pk)
    _notify(
        mentioned,
        Notification.Kind.MENTION,
        thread,
        post,
        author,
        f"{name} vous a mentionné·e dans « {thread.title} »",
    )

    watching = [pk for pk in watcher_ids if levels.get(pk) == Level.WATCHING and pk not in notified]
    watchers = [
        user
        for user in user_model.objects.filter(pk__in=watching, is_active=True)
        if permissions.can_read_thread(user, thread)
    ]
    verb = "a ouvert une discussion" if post.is_first else "a répondu"
    _notify(
        watchers,
        Notification.Kind.REPLY,
        thread,
        post,
        author,
        f"{name} {verb} : « {thread.title} »",
    )


def answer_accepted(post: Post, actor) -> None:
    if post.author is None or post.author_id == getattr(actor, "pk", None):
        return
    if _levels([post.author_id], post.thread)[post.author_id] == Level.MUTED:
        return
    _notify(
        [post.author],
        Notification.Kind.ACCEPTED,
        post.thread,
        post,
        actor,
        f"Votre réponse a été acceptée dans « {post.thread.title} »",
    )


def moderation_decision(user, thread, post, message, reason, actor) -> None:
    """Tell the person concerned what the moderators did and why (never muted)."""
    if user is None or user.pk == getattr(actor, "pk", None):
        return
    text = f"{message} Motif : {reason}" if reason else message
    _notify([user], Notification.Kind.MODERATION, thread, post, actor, text[:300])


def unread_count(user) -> int:
    if not user or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- URLs ----------------------------------------------------------------------------------------


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


# --- Views ---------------------------------------------------------------------------------------


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
        messages.success(request, "Toutes vos notifications sont marquées comme lues.")
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


def unsubscribe(request, token):
    """One-click unsubscription from the forum e-mails, without logging in: GET asks for
    confirmation, POST sets the frequency to « never »."""
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


@login_required
@require_POST
def set_subscription(request):
    """POST ``thread_id`` or ``category_id``, ``level`` and ``next``: choose one's level."""
    level = request.POST.get("level", "")
    if level not in Level.values:
        messages.error(request, "Choisissez un niveau de suivi.")
        level = None
    thread, category = _subscription_target(request.user, request.POST)
    fallback = thread_url(thread) if thread else category_url(category)
    if level:
        set_level(request.user, level, thread=thread, category=category)
        label = {
            Level.WATCHING: "Vous suivez désormais",
            Level.NORMAL: "Vous serez notifié·e seulement de ce qui vous concerne dans",
            Level.MUTED: "Vous ne recevrez plus aucune notification de",
        }[level]
        what = f"la discussion « {thread.title} »" if thread else f"la catégorie « {category} »"
        messages.success(request, f"{label} {what}.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = fallback
    return redirect(next_url)
