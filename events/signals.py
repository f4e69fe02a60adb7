"""Keep calendars in step with the events.

When a published event changes its date, place, link or format, or is cancelled, its SEQUENCE
grows (its UID never changes) and the registered people receive a notice with the updated
.ics. Only saves of the page row count: Wagtail writes it when a revision is published; saving a
draft (a revision) does not touch it."""

import logging

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from events.models import EventPage, Registration

logger = logging.getLogger(__name__)

WATCHED_FIELDS = {
    "start": "date",
    "end": "horaire de fin",
    "format": "format",
    "address": "lieu",
    "online_link": "lien de connexion",
    "is_cancelled": "annulation",
}


@receiver(pre_save, sender=EventPage)
def bump_sequence(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._calendar_changes = None
    if raw or not instance.pk:
        return
    if update_fields is not None and not set(update_fields) & set(WATCHED_FIELDS):
        return
    old = (
        EventPage.objects.filter(pk=instance.pk).values("sequence", "live", *WATCHED_FIELDS).first()
    )
    if old is None:
        return
    # A revision may carry an older sequence than the row: never go back.
    sequence = max(instance.sequence or 0, old["sequence"] or 0)
    changed = [field for field in WATCHED_FIELDS if getattr(instance, field) != old[field]]
    if changed:
        sequence += 1
    instance.sequence = sequence
    if update_fields is not None and changed:
        # "sequence" is not in update_fields: write it separately.
        transaction.on_commit(
            lambda: EventPage.objects.filter(pk=instance.pk).update(sequence=sequence)
        )
    if changed and old["live"] and instance.live:
        instance._calendar_changes = {
            "fields": changed,
            "newly_cancelled": instance.is_cancelled and not old["is_cancelled"],
            "was_upcoming": old["end"] is not None and old["end"] > timezone.now(),
        }


@receiver(post_save, sender=EventPage)
def notify_registered_people(sender, instance, created=False, raw=False, **kwargs):
    changes = getattr(instance, "_calendar_changes", None)
    instance._calendar_changes = None
    if raw or created or not changes or not changes["was_upcoming"]:
        return
    if instance.is_cancelled and not changes["newly_cancelled"]:
        return  # edits of an event already cancelled: nobody to bother again
    pk = instance.pk
    labels = sorted({WATCHED_FIELDS[field] for field in changes["fields"]})

    def send():
        from events import emails

        event = EventPage.objects.get(pk=pk)
        registrations = list(
            Registration.objects.filter(
                event=event,
                status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLIST],
                user__is_active=True,
            ).select_related("user")
        )
        for registration in registrations:
            registration.event = event
        emails.send_change_notice(event, registrations, changes=labels)

    transaction.on_commit(send)


@receiver(post_save, sender=EventPage, dispatch_uid="events_fill_freed_places")
def fill_freed_places(sender, instance, created=False, raw=False, **kwargs):
    """When a facilitator publishes a larger capacity, waiting people take the new places."""
    if raw or created or not instance.live or instance.is_cancelled:
        return
    pk = instance.pk

    def promote():
        from events import services

        with transaction.atomic():
            event = services._lock(EventPage(pk=pk))
            if event.end > timezone.now():
                services.promote_waitlist(event)

    transaction.on_commit(promote)
