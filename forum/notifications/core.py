"""Notification levels and the creation of notifications, written in the same transaction as
what caused them (see the package's docstring)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from forum.models import Category, Notification, Post, Subscription, Thread
from forum.rendering import mentioned_handles

Level = Subscription.Level


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
        _("%(name)s vous mentionne dans « %(title)s »") % {"name": name, "title": thread.title},
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
        _("Votre réponse a été acceptée dans « %(title)s »") % {"title": post.thread.title},
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
