"""Event rules as plain functions (registrations, waitlist); views call these.

Registering, cancelling and promoting lock the event row (``SELECT … FOR UPDATE`` on PostgreSQL;
SQLite serialises writers) before counting the confirmed participants, so that concurrent requests
can never confirm more people than the capacity.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

ANSWER_MAX_LENGTH = 1000


class RegistrationError(Exception):
    """A registration or cancellation refused; ``str(error)`` is the French message to show."""


@transaction.atomic
def ensure_index(home):
    """The /evenements/ page under the home page (idempotent)."""
    from events.models import EventIndexPage

    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(
            title="Événements",
            slug="evenements",
            intro="Webinaires, ateliers et rencontres de la communauté.",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def absolute_url(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def _hook(name: str, registration) -> None:
    """Call ``events.emails.<name>(registration)`` when that module provides it."""
    try:
        from events import emails
    except ImportError:
        return
    function = getattr(emails, name, None)
    if function is not None:
        function(registration)


def _lock(event):
    from events.models import EventPage

    return EventPage.objects.select_for_update().get(pk=event.pk)


def confirmed_count(event) -> int:
    from events.models import Registration

    return Registration.objects.filter(
        event_id=event.pk, status=Registration.Status.CONFIRMED
    ).count()


def register(user, event, answer: str = ""):
    """Register ``user``: confirmed while there are places, on the waitlist otherwise.

    Raises ``RegistrationError`` (nothing changed) when the rules refuse it."""
    from events.models import Registration
    from events.permissions import why_cannot_register

    answer = (answer or "").strip()
    if len(answer) > ANSWER_MAX_LENGTH:
        raise RegistrationError(
            _("Votre réponse est trop longue (%(n)s caractères au plus).")
            % {"n": ANSWER_MAX_LENGTH}
        )
    with transaction.atomic():
        locked = _lock(event)
        if not locked.live:
            raise RegistrationError(_("Cet événement n’est pas publié."))
        existing = (
            Registration.objects.select_for_update()
            .filter(event_id=locked.pk, user_id=user.pk)
            .first()
            if user and user.is_authenticated
            else None
        )
        message = why_cannot_register(user, locked, registration=existing)
        if message:
            raise RegistrationError(message)
        has_room = locked.capacity is None or confirmed_count(locked) < locked.capacity
        status = Registration.Status.CONFIRMED if has_room else Registration.Status.WAITLIST
        if existing is not None:  # registering again after a cancellation
            existing.status = status
            existing.answer = answer
            existing.attended = None
            existing.created_at = timezone.now()  # back of the waitlist
            existing.reminder_day_sent_at = None
            existing.reminder_hour_sent_at = None
            existing.cancelled_at = None
            existing.save()
            registration = existing
        else:
            registration = Registration.objects.create(
                event=locked, user=user, status=status, answer=answer
            )
    registration.event = locked
    _hook("send_confirmation", registration)
    return registration


def promote_waitlist(event) -> list:
    """Confirm the oldest waitlisted people while there are free places; e-mail each of them.

    Call inside a transaction that holds the lock on the event (see ``_lock``)."""
    from events.emails import send_promotion
    from events.models import Registration

    if event.is_cancelled or event.start <= timezone.now():
        return []
    promoted = []
    free = None if event.capacity is None else event.capacity - confirmed_count(event)
    waiting = (
        Registration.objects.select_for_update()
        .filter(event_id=event.pk, status=Registration.Status.WAITLIST)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    if free is not None:
        if free <= 0:
            return []
        waiting = waiting[:free]
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        registration.event = event
        promoted.append(registration)
        send_promotion(registration)
    return promoted


def cancel(user, event):
    """Cancel the person's registration (confirmed or waitlisted); a freed place goes to the
    first person waiting, who is told by e-mail. Returns ``(registration, promoted)``."""
    from events.models import Registration

    if not user or not user.is_authenticated:
        raise RegistrationError(_("Connectez-vous pour gérer votre inscription."))
    with transaction.atomic():
        locked = _lock(event)
        registration = (
            Registration.objects.select_for_update()
            .filter(
                event_id=locked.pk,
                user_id=user.pk,
                status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLIST],
            )
            .first()
        )
        if registration is None:
            raise RegistrationError(_("Vous n’avez pas d’inscription à cet événement."))
        if locked.end < timezone.now():
            raise RegistrationError(
                _("Cet événement est passé : l’inscription ne peut plus être annulée.")
            )
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        promoted = promote_waitlist(locked) if was_confirmed else []
    registration.event = locked
    _hook("send_cancellation_ack", registration)
    return registration, promoted


def undo_cancel(user, event):
    """Restore the person's cancelled registration, within ``EVENTS_CANCEL_UNDO_MINUTES`` of the
    cancellation and while registering is still possible (not started, not closed…).

    The freed place was given at once to the first person waiting, if any: undoing never takes
    it back. The person gets a place again if one is free, otherwise goes back on the waiting
    list at the rank of their first registration (which kept its date), usually the first one.
    Raises ``RegistrationError`` (nothing changed) when it is too late; registering again is
    then the way back (at the end of the waiting list if the event is full)."""
    from events import timing
    from events.models import Registration
    from events.permissions import why_cannot_register

    if not user or not user.is_authenticated:
        raise RegistrationError(_("Connectez-vous pour gérer votre inscription."))
    with transaction.atomic():
        locked = _lock(event)
        registration = (
            Registration.objects.select_for_update()
            .filter(event_id=locked.pk, user_id=user.pk, status=Registration.Status.CANCELLED)
            .first()
        )
        deadline = timing.undo_deadline(registration)
        if deadline is None:
            raise RegistrationError(_("Vous n’avez pas d’inscription annulée à rétablir."))
        if timezone.now() > deadline:
            raise RegistrationError(
                _(
                    "Le délai de %(minutes)s minutes pour annuler l’annulation est dépassé. "
                    "Vous pouvez vous inscrire à nouveau."
                )
                % {"minutes": timing.undo_minutes()}
            )
        message = why_cannot_register(user, locked, registration=registration)
        if message:
            raise RegistrationError(message)
        has_room = locked.capacity is None or confirmed_count(locked) < locked.capacity
        registration.status = (
            Registration.Status.CONFIRMED if has_room else Registration.Status.WAITLIST
        )
        registration.cancelled_at = None
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    registration.event = locked
    _hook("send_confirmation", registration)
    return registration


def cancelled_registration(user, event):
    """The person's cancelled registration while it may still be restored, else None."""
    from events import timing
    from events.models import Registration

    if not user or not user.is_authenticated:
        return None
    registration = Registration.objects.filter(
        event_id=event.pk,
        user_id=user.pk,
        status=Registration.Status.CANCELLED,
        cancelled_at__isnull=False,
    ).first()
    if registration is None or timezone.now() > timing.undo_deadline(registration):
        return None
    return registration


def registration_for(user, event):
    from events.models import Registration

    if not user or not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(event_id=event.pk, user_id=user.pk)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def upcoming_events(limit=None):
    from events.models import EventPage

    qs = (
        EventPage.objects.live()
        .public()
        .filter(end__gte=timezone.now())
        .select_related("series")
        .order_by("start", "pk")
    )
    return qs[:limit] if limit else qs


def cancel_future_registrations(user) -> None:
    """An erased account's step (``accounts.personal_data.register_eraser``): its places in the
    events to come are given back (the waiting list moves up, as for any cancellation)."""
    from events.models import Registration

    future = Registration.objects.filter(user=user, event__start__gt=timezone.now()).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in future.select_related("event"):
        cancel(user, registration.event)
