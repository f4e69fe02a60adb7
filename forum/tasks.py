"""E-mails of forum notifications (Celery).

Notifications are rows (``forum.models.Notification``) written with what caused them; these
tasks turn them into e-mails, through the outbox of ``mailer`` (so an SMTP failure is retried):

- ``send_immediate_notifications``: queued after each commit for the people concerned; e-mails
  the not-yet-e-mailed notifications of those who chose « immediate » (one e-mail per person
  and per call, listing them);
- ``send_pending_notifications`` (every 5 minutes, CELERY_BEAT_SCHEDULE): the safety net when
  the broker was down at commit time — « immediate » notifications still not e-mailed after
  2 minutes are sent;
- ``send_daily_digests`` (every morning): one digest per person who chose « daily »;
- ``send_moderator_emails`` (every minute): the moderators' batched e-mail of the flags
  received (``forum.moderation_alerts``), at most every FORUM_MODERATION_EMAIL_MINUTES.

People who chose « never » get no e-mail. Each notification is e-mailed at most once: the rows
are locked (``select_for_update``) and marked ``emailed_at`` in the same transaction as the
e-mail is queued. Notifications already read on the site are not e-mailed.

Each e-mail quotes the posts and links to each of them, and carries the ``List-Unsubscribe``
headers of one-click unsubscription (``forum.notifications.emails``)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Older notifications are never e-mailed (someone who switches from « never » to « immediate »
# does not receive their whole history).
MAX_AGE = timedelta(days=2)
# A digest covers the un-e-mailed notifications of the last day; the margin covers a late beat
# (a notification is never in two digests: it is marked e-mailed).
DIGEST_WINDOW = timedelta(hours=36)
PENDING_DELAY_SECONDS = 120


def schedule_emails(user_ids: list[int]) -> None:
    """After commit, ask the worker to e-mail these people's immediate notifications."""
    ids = sorted(set(user_ids))

    def _enqueue():
        try:
            send_immediate_notifications.delay(ids)
        except Exception:  # broker down: the periodic task will send them
            logger.warning("Broker unreachable, notifications left pending", exc_info=True)

    transaction.on_commit(_enqueue)


def _pending(since):
    from forum.models import Notification

    # Moderators' flag notifications are e-mailed in batches by forum.moderation_alerts.
    return Notification.objects.filter(
        emailed_at__isnull=True, read_at__isnull=True, created_at__gte=since
    ).exclude(kind=Notification.Kind.FLAG)


def _group_by_thread(notifications):
    groups, by_thread = [], {}
    for notification in notifications:
        key = notification.thread_id
        if key not in by_thread:
            by_thread[key] = {"thread": notification.thread, "notifications": []}
            groups.append(by_thread[key])
        by_thread[key]["notifications"].append(notification)
    return groups


def _email_user(user, since, template_prefix: str) -> int:
    """Claim the person's pending notifications created since ``since`` and queue one e-mail
    listing them. Returns how many notifications it covers (0: nothing to send)."""
    from forum import notifications as forum_notifications
    from forum.models import Notification
    from forum.notifications import emails
    from mailer.services import send_templated

    with transaction.atomic():
        ids = list(
            _pending(since).filter(user=user).select_for_update().values_list("pk", flat=True)
        )
        if not ids:
            return 0
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        rows = list(
            Notification.objects.filter(pk__in=ids)
            .select_related("thread", "post__thread__category", "actor")
            .order_by("created_at", "pk")
        )
        emails.decorate(user, rows)
        send_templated(
            user.email,
            template_prefix,
            {
                "user": user,
                "notifications": rows,
                "groups": _group_by_thread(rows),
                "count": len(rows),
                "notifications_url": forum_notifications.absolute(
                    forum_notifications.url_or("forum:notifications", "/forum/notifications/")
                ),
                "unsubscribe_url": forum_notifications.unsubscribe_url(user),
                "preferences_url": forum_notifications.preferences_url(),
            },
            headers=emails.headers(user),
        )
    return len(rows)


@shared_task(acks_late=True)
def send_immediate_notifications(user_ids: list[int]) -> int:
    """E-mail the pending notifications of those of ``user_ids`` who chose « immediate ».
    Idempotent: calling it twice sends nothing the second time. Returns the number of
    notifications e-mailed."""
    user_model = get_user_model()
    since = timezone.now() - MAX_AGE
    people = user_model.objects.filter(
        pk__in=user_ids,
        is_active=True,
        notification_frequency=user_model.NotificationFrequency.IMMEDIATE,
    )
    sent = 0
    for user in people:
        sent += _email_user(user, since, "forum/email/notification")
    return sent


@shared_task
def send_pending_notifications(older_than_seconds: int = PENDING_DELAY_SECONDS) -> int:
    """Safety net (beat, every 5 minutes): « immediate » notifications that nobody e-mailed
    within ``older_than_seconds`` (broker down, worker lost…) are e-mailed now."""
    user_model = get_user_model()
    now = timezone.now()
    user_ids = set(
        _pending(now - MAX_AGE)
        .filter(
            created_at__lte=now - timedelta(seconds=older_than_seconds),
            user__is_active=True,
            user__notification_frequency=user_model.NotificationFrequency.IMMEDIATE,
        )
        .values_list("user_id", flat=True)
    )
    if not user_ids:
        return 0
    sent = send_immediate_notifications(sorted(user_ids))
    if sent:
        logger.info("%s pending forum notifications e-mailed", sent)
    return sent


@shared_task
def send_daily_digests() -> int:
    """Beat, once a day: one digest per person who chose « daily », with their notifications
    of the last day that were neither read nor e-mailed. Returns the number of digests."""
    user_model = get_user_model()
    since = timezone.now() - DIGEST_WINDOW
    user_ids = set(
        _pending(since)
        .filter(
            user__is_active=True,
            user__notification_frequency=user_model.NotificationFrequency.DAILY,
        )
        .values_list("user_id", flat=True)
    )
    digests = 0
    for user in user_model.objects.filter(pk__in=user_ids):
        try:
            if _email_user(user, since, "forum/email/digest"):
                digests += 1
        except Exception:  # one person's failure must not stop the others' digests
            logger.exception("Forum digest of user %s failed", user.pk)
    return digests


@shared_task
def send_moderator_emails() -> int:
    """Beat, every minute: each moderator's e-mail of the flags received since their previous
    one, when that one is old enough (``forum.moderation_alerts.send_moderator_emails``)."""
    from forum import moderation_alerts

    return moderation_alerts.send_moderator_emails()
