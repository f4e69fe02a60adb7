"""Who may see and register for an event. ``why_cannot_*`` returns a French message, or None."""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_dgcs_admin, is_facilitator, referent_territory_ids
from website.french import french_datetime


def is_event_staff(user) -> bool:
    return is_facilitator(user) or is_dgcs_admin(user)


def can_view_event(user, event) -> bool:
    """Live events are public to read (restricted audiences only restrict registration)."""
    return bool(event.live)


def hidden_events(user):
    """The events this person may not see in the admin page chooser: ``can_view_event`` as a
    queryset (unpublished or restricted events), except for the event staff, who edit them."""
    from django.db.models import Q

    from events.models import EventPage

    if is_event_staff(user):
        return EventPage.objects.none()
    events = EventPage.objects.all()
    return events.filter(Q(live=False) | Q(pk__in=events.not_public().values("pk")))


def fits_audience(user, event) -> bool:
    from events.models import EventPage

    if event.audience == EventPage.Audience.MEMBERS:
        return bool(user and user.is_authenticated)
    if is_event_staff(user):
        return True
    if event.audience == EventPage.Audience.REFERENTS:
        return bool(referent_territory_ids(user))
    return False


def _local(value):
    return french_datetime(value)


def why_cannot_register(user, event, registration=None, now=None) -> str | None:
    """``registration``: the person's existing row, if the caller already has it."""
    from events.models import EventPage, Registration

    now = now or timezone.now()
    if not user or not user.is_authenticated:
        return _("Connectez-vous pour vous inscrire à cet événement.")
    if not user.is_active:
        return _("Votre compte est désactivé.")
    if event.is_cancelled:
        return _("Cet événement est annulé : les inscriptions sont fermées.")
    if event.end and event.start and event.end <= event.start:
        return _("Les dates de cet événement sont incohérentes : les inscriptions sont fermées.")
    if event.start <= now:
        if event.end < now:
            return _("Cet événement est passé : on ne peut plus s’y inscrire.")
        return _("Cet événement a déjà commencé : les inscriptions sont fermées.")
    if event.registration_opens and now < event.registration_opens:
        return _("Les inscriptions ouvriront le %(date)s.") % {
            "date": _local(event.registration_opens)
        }
    if event.registration_closes and now >= event.registration_closes:
        return _("Les inscriptions sont closes depuis le %(date)s.") % {
            "date": _local(event.registration_closes)
        }
    if not fits_audience(user, event):
        if event.audience == EventPage.Audience.REFERENTS:
            return _("Cet événement est réservé aux référents des territoires.")
        return _("Cet événement est réservé à l’équipe d’animation.")
    if registration is None:
        registration = (
            Registration.objects.filter(event_id=event.pk, user_id=user.pk).only("status").first()
        )
    if registration is not None:
        if registration.status == Registration.Status.CONFIRMED:
            return _("Vous avez déjà une inscription à cet événement.")
        if registration.status == Registration.Status.WAITLIST:
            return _("Vous êtes déjà sur la liste d’attente de cet événement.")
    return None


def can_register(user, event) -> bool:
    return why_cannot_register(user, event) is None


def can_see_online_link(user, event, registration=None) -> bool:
    from events.models import Registration

    if not user or not user.is_authenticated:
        return False
    if is_event_staff(user):
        return True
    if registration is None:
        registration = (
            Registration.objects.filter(event_id=event.pk, user_id=user.pk).only("status").first()
        )
    return registration is not None and registration.status == Registration.Status.CONFIRMED


def join_link_state(user, event, registration=None, now=None) -> str | None:
    """What the event page shows of the connection link to this person:

    - None: nothing personal (no link, or the person may not see it: not confirmed);
    - ``"soon"``: confirmed, but earlier than ``EVENTS_JOIN_LINK_MINUTES_BEFORE`` minutes
      before the start (« Le lien de connexion sera disponible 15 minutes avant le début »);
    - ``"open"``: the link, from then until the end (always for the event staff, who prepare
      it);
    - ``"ended"``: the event is over.
    """
    from events import timing

    if not event.online_link or event.is_cancelled:
        return None
    if not can_see_online_link(user, event, registration=registration):
        return None
    now = now or timezone.now()
    if event.end < now:
        return "ended"
    if is_event_staff(user) or now >= timing.join_link_opens_at(event):
        return "open"
    return "soon"
