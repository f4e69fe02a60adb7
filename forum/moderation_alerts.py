"""Moderation that people hear about.

- Moderators (the Modérateurs and Animateurs groups) get an in-site notification
  (``Notification.Kind.FLAG``) for each flag and for each hidden post its author edited (back in
  the queue). Those notifications are not e-mailed one by one (``forum.tasks`` leaves them
  out): ``send_moderator_emails`` (beat, every minute) sends each moderator one e-mail listing
  those received since the previous one, at most every FORUM_MODERATION_EMAIL_MINUTES.
- The people who flagged a post are told the outcome (hidden, or left online), and the author
  of the post the decision with its reason and a link to edit it: a notification
  (``Notification.Kind.MODERATION``) and an e-mail of its own, sent at once (the notification
  is marked e-mailed, so the ordinary notification e-mails do not repeat it).

People who chose « never » for the forum's e-mails get the notifications only."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from forum import notifications
from forum.models import Flag, Notification, Post

FLAG = Notification.Kind.FLAG


def moderators():
    """The people told about flags: active members of the moderators' and facilitators'
    groups."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.MODERATOR, roles.FACILITATOR])
        .distinct()
    )


def _name(user) -> str:
    return str(user) if user else "Un compte supprimé"


def flag_received(flag: Flag) -> None:
    post = flag.post
    people = [user for user in moderators() if user.pk not in (flag.user_id, post.author_id)]
    notifications._notify(
        people,
        FLAG,
        post.thread,
        post,
        flag.user,
        f"{_name(flag.user)} a signalé un message de {_name(post.author)} dans "
        f"« {post.thread.title} » : {flag.reason}",
    )


def post_resubmitted(post: Post) -> None:
    people = [user for user in moderators() if user.pk != post.author_id]
    notifications._notify(
        people,
        FLAG,
        post.thread,
        post,
        post.author,
        f"{_name(post.author)} a modifié son message masqué dans « {post.thread.title} » : "
        "il attend votre examen.",
    )


def handled(post: Post) -> None:
    """A decision was taken on ``post``: the moderators' alerts about it are read (not e-mailed
    in a later batch)."""
    Notification.objects.filter(kind=FLAG, post=post, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Decisions told to the people concerned -------------------------------------------------------


def _tell(user, post: Post, actor, message: str, template: str, context: dict) -> None:
    """A moderation notification and its own e-mail (unless the person chose « never »)."""
    if user is None or not user.is_active or user.pk == getattr(actor, "pk", None):
        return
    rows = notifications._notify(
        [user], Notification.Kind.MODERATION, post.thread, post, actor, message
    )
    if user.notification_frequency == user.NotificationFrequency.NEVER:
        return
    from mailer.services import send_templated

    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now())
    send_templated(
        user.email,
        f"forum/email/moderation_{template}",
        {
            "user": user,
            "post": post,
            "thread": post.thread,
            "message": message,
            "post_url": notifications.absolute(notifications.post_url(post)),
            "unsubscribe_url": notifications.unsubscribe_url(user),
            "preferences_url": notifications.preferences_url(),
            **context,
        },
    )


def tell_flaggers(post: Post, flag_ids: list[int], hidden: bool, actor) -> None:
    """« Votre signalement a été examiné » to each person whose open flag was just closed."""
    outcome = "message masqué" if hidden else "message laissé en ligne"
    people = get_user_model().objects.filter(
        pk__in=Flag.objects.filter(pk__in=flag_ids).values("user_id")
    )
    for user in people:
        _tell(
            user,
            post,
            actor,
            f"Votre signalement a été examiné : {outcome} (« {post.thread.title} »).",
            "flagger",
            {"hidden": hidden, "outcome": outcome},
        )


def tell_author(post: Post, message: str, reason: str, actor, hidden: bool) -> None:
    """The decision on their post, its reason and, when it is hidden, how to fix it."""
    text = f"{message} Motif : {reason}" if reason else message
    edit_url = notifications.absolute(reverse("forum:edit_post", args=[post.pk]))
    _tell(
        post.author,
        post,
        actor,
        text,
        "author",
        {"reason": reason, "hidden": hidden, "edit_url": edit_url, "decision": message},
    )


# --- Moderators' batched e-mails ------------------------------------------------------------------


def _pending_flags(user):
    return Notification.objects.filter(
        user=user, kind=FLAG, emailed_at__isnull=True, read_at__isnull=True
    )


def _email_moderator(user, now) -> int:
    from mailer.services import send_templated

    with transaction.atomic():
        ids = list(_pending_flags(user).select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
        rows = list(
            Notification.objects.filter(pk__in=ids)
            .select_related("thread", "post")
            .order_by("created_at", "pk")
        )
        for row in rows:
            row.url = notifications.absolute(
                reverse("forum:moderate_post", args=[row.post_id])
                if row.post_id
                else reverse("forum:moderation")
            )
        send_templated(
            user.email,
            "forum/email/moderation_flags",
            {
                "user": user,
                "notifications": rows,
                "count": len(rows),
                "queue_url": notifications.absolute(reverse("forum:moderation")),
                "unsubscribe_url": notifications.unsubscribe_url(user),
                "preferences_url": notifications.preferences_url(),
            },
        )
    return len(rows)


def send_moderator_emails() -> int:
    """One e-mail per moderator listing the flags (and resubmitted posts) received since their
    previous one, if that one is at least FORUM_MODERATION_EMAIL_MINUTES old. Returns the number
    of e-mails."""
    now = timezone.now()
    wait = timedelta(minutes=getattr(settings, "FORUM_MODERATION_EMAIL_MINUTES", 15))
    user_model = get_user_model()
    waiting = Notification.objects.filter(kind=FLAG, emailed_at__isnull=True, read_at__isnull=True)
    people = (
        moderators()
        .exclude(notification_frequency=user_model.NotificationFrequency.NEVER)
        .filter(pk__in=waiting.values("user_id"))
    )
    sent = 0
    for user in people:
        last = Notification.objects.filter(user=user, kind=FLAG).aggregate(last=Max("emailed_at"))[
            "last"
        ]
        if last is not None and now - last < wait:
            continue
        if _email_moderator(user, now):
            sent += 1
    return sent
