"""In-app notifications, written in the same transaction as what caused them.

E-mails are sent from these rows by Celery tasks (immediately or as a daily digest, as each
person chose on « Mon compte »); a broker outage only delays them."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from forum.models import Notification, Post, Subscription, Thread
from forum.rendering import mentioned_handles


def watch(user, thread: Thread) -> None:
    """Watching is automatic for one's own threads and threads one replied to or was mentioned
    in, unless one chose another level for that thread."""
    Subscription.objects.get_or_create(
        user=user, thread=thread, defaults={"level": Subscription.Level.WATCHING}
    )


def _notify(users, kind, thread, post, actor, message) -> list[Notification]:
    rows = [
        Notification(user=user, kind=kind, thread=thread, post=post, actor=actor, message=message)
        for user in users
    ]
    created = Notification.objects.bulk_create(rows)
    if created:
        from forum.tasks import schedule_emails

        schedule_emails([row.user_id for row in created])
    return created


def post_created(post: Post) -> None:
    from forum import permissions

    thread, author = post.thread, post.author
    if author is not None:
        watch(author, thread)
    notified = {author.pk} if author else set()

    handles = mentioned_handles(post.source)
    mentioned = []
    if handles:
        for user in get_user_model().objects.filter(handle__in=handles, is_active=True):
            if user.pk in notified or not permissions.can_read_thread(user, thread):
                continue
            watch(user, thread)
            mentioned.append(user)
            notified.add(user.pk)
    name = str(author) if author else "Quelqu’un"
    _notify(mentioned, Notification.Kind.MENTION, thread, post, author,
            f"{name} vous a mentionné·e dans « {thread.title} »")

    if post.is_first:
        watcher_ids = Subscription.objects.filter(
            category=thread.category, level=Subscription.Level.WATCHING
        ).values_list("user_id", flat=True)
    else:
        watcher_ids = Subscription.objects.filter(
            Q(thread=thread, level=Subscription.Level.WATCHING)
            | Q(category=thread.category, level=Subscription.Level.WATCHING)
        ).exclude(
            user_id__in=Subscription.objects.filter(
                thread=thread, level=Subscription.Level.MUTED
            ).values("user_id")
        ).values_list("user_id", flat=True)
    watchers = [
        user
        for user in get_user_model().objects.filter(pk__in=set(watcher_ids), is_active=True)
        if user.pk not in notified and permissions.can_read_thread(user, thread)
    ]
    verb = "a ouvert une discussion" if post.is_first else "a répondu"
    _notify(watchers, Notification.Kind.REPLY, thread, post, author,
            f"{name} {verb} : « {thread.title} »")


def answer_accepted(post: Post, actor) -> None:
    if post.author is None or post.author_id == getattr(actor, "pk", None):
        return
    _notify([post.author], Notification.Kind.ACCEPTED, post.thread, post, actor,
            f"Votre réponse a été acceptée dans « {post.thread.title} »")


def moderation_decision(user, thread, post, message, reason, actor) -> None:
    if user is None:
        return
    text = f"{message} Motif : {reason}" if reason else message
    _notify([user], Notification.Kind.MODERATION, thread, post, actor, text[:300])
