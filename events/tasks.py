"""Periodic tasks of the events (Celery beat, see CELERY_BEAT_SCHEDULE)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

THREAD_CATEGORY_SLUG = "vie-de-la-communaute"
AFTER_EVENT_WINDOW = timedelta(days=2)


def _mark_and_send(pk, field, now, send):
    """Mark ``field`` and queue the e-mail in one transaction; the conditional update makes
    sure each e-mail is queued once, even if the task runs twice or concurrently."""
    from events.models import Registration

    with transaction.atomic():
        updated = Registration.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        if not updated:
            return False
        registration = Registration.objects.select_related("user", "event").get(pk=pk)
        send(registration)
    return True


@shared_task
def send_reminders() -> int:
    """Every 5 minutes: the reminder of the day before (less than 24 hours before the start)
    and the one of the hour before, each sent once, to confirmed participants who want them.
    People who registered less than 24 hours before the start already had their
    confirmation: no day-before reminder for them."""
    from events import emails
    from events.models import Registration

    now = timezone.now()
    base = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        event__live=True,
        event__is_cancelled=False,
        event__start__gt=now,
        user__is_active=True,
        user__email_event_reminders=True,
    )
    hour_ids = list(
        base.filter(
            event__start__lte=now + timedelta(hours=1), reminder_hour_sent_at__isnull=True
        ).values_list("pk", flat=True)
    )
    day_ids = list(
        base.filter(
            event__start__gt=now + timedelta(hours=1),
            event__start__lte=now + timedelta(hours=24),
            reminder_day_sent_at__isnull=True,
            created_at__lt=F("event__start") - timedelta(hours=24),
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in hour_ids:
        sent += _mark_and_send(
            pk, "reminder_hour_sent_at", now, lambda r: emails.send_reminder(r, "hour")
        )
    for pk in day_ids:
        sent += _mark_and_send(
            pk, "reminder_day_sent_at", now, lambda r: emails.send_reminder(r, "day")
        )
    return sent


def thread_category():
    from forum.models import Category

    return (
        Category.objects.filter(slug=THREAD_CATEGORY_SLUG).first()
        or Category.objects.filter(visibility=Category.Visibility.PUBLIC).first()
    )


def thread_author(event):
    from accounts import roles
    from accounts.models import User

    owner = getattr(event, "owner", None)
    if owner is not None and owner.is_active:
        return owner
    return (
        User.objects.filter(is_active=True, groups__name=roles.FACILITATOR).order_by("pk").first()
    )


def create_forum_thread(event):
    """The discussion that continues the event on the forum, created once, linked both ways
    (thread.linked_page → event, event.forum_thread → thread)."""
    from events.ical import event_absolute_url
    from events.models import EventPage
    from forum import services as forum
    from forum.models import Thread

    category = thread_category()
    author = thread_author(event)
    if category is None or author is None:
        logger.warning("No forum category or author for the thread of event %s", event.pk)
        return None
    with transaction.atomic():
        # Lock the event row: two runs never create two threads.
        locked = (
            EventPage.objects.select_for_update()
            .filter(pk=event.pk)
            .values("forum_thread_id")
            .first()
        )
        if locked is None or locked["forum_thread_id"]:
            return None
        existing = Thread.objects.filter(linked_page=event).order_by("pk").first()
        if existing is None:
            url = event_absolute_url(event)
            text = (
                f"L’événement « {event.title} » vient d’avoir lieu. Continuons la discussion "
                f"ici : vos questions, ce que vous en retenez, ce que vous allez essayer.\n\n"
                f"La page de l’événement (replay et compte rendu quand ils seront en ligne) : "
                f"[{event.title}]({url})"
            )
            try:
                existing = forum.create_thread(
                    author,
                    category,
                    f"Suite de l’événement : {event.title}",
                    text,
                    kind=Thread.Kind.DISCUSSION,
                    linked_page=event,
                )
            except forum.ForumError as error:
                logger.warning("Forum thread of event %s not created: %s", event.pk, error)
                return None
        EventPage.objects.filter(pk=event.pk).update(forum_thread=existing)
    return existing


def survey_recipients(event, now=None):
    """Who gets the satisfaction survey of an ended event, now:

    - once attendance is marked (any confirmed person marked present or absent), only the
      people marked present, at the next hourly run after the end or after the marking;
    - without attendance marked, every confirmed person, but only ``EVENTS_SURVEY_DELAY_HOURS``
      hours after the end (time for the facilitators to mark it); nobody before.
    """
    from events import timing
    from events.models import Registration

    now = now or timezone.now()
    confirmed = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED, user__is_active=True
    )
    if confirmed.filter(attended__isnull=False).exists():
        return confirmed.filter(attended=True)
    if now < event.end + timing.survey_delay():
        return confirmed.none()
    return confirmed


def after_events_window():
    """The ended events still looked at: the survey delay, then two more days."""
    from events import timing

    return timing.survey_delay() + AFTER_EVENT_WINDOW


@shared_task
def after_events() -> dict:
    """Every hour, for the events ended lately (``after_events_window``): the forum thread
    (once) and the satisfaction survey (``survey_recipients``, once each)."""
    from events import emails
    from events.models import EventPage

    now = timezone.now()
    events = EventPage.objects.live().filter(
        is_cancelled=False, end__lte=now, end__gt=now - after_events_window()
    )
    threads = surveys = 0
    for event in events:
        if not event.forum_thread_id and create_forum_thread(event):
            threads += 1
        ids = list(
            survey_recipients(event, now)
            .filter(survey_sent_at__isnull=True)
            .values_list("pk", flat=True)
        )
        for pk in ids:
            surveys += _mark_and_send(pk, "survey_sent_at", now, emails.send_survey)
    return {"threads": threads, "surveys": surveys}
