"""iCal feeds: the public calendar of upcoming events and each person's private
« mes événements » feed, reached with a secret, revocable token."""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events import ical
from events.models import CalendarToken, EventPage, Registration

PRIVATE_FEED_PAST_DAYS = 90


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def public_events():
    """Upcoming published events open to the community (cancelled ones stay, marked
    CANCELLED, so that subscribed calendars remove them)."""
    return (
        EventPage.objects.live()
        .public()
        .filter(end__gte=timezone.now())
        .exclude(audience=EventPage.Audience.FACILITATORS)
        .order_by("start", "pk")
    )


def public_feed(request):
    content = ical.calendar_for(public_events(), _("Événements — Communauté zéro non-recours"))
    response = _ics_response(content, "evenements.ics")
    response["Cache-Control"] = "public, max-age=600"
    return response


def event_ics(request, event_id):
    """One event as an .ics file (« Ajouter à mon agenda »), the same for everyone: no
    connection link, which the event page shows to the registered people when it is time."""
    event = EventPage.objects.live().public().filter(pk=event_id).first()
    if event is None:
        raise Http404(_("Cet événement n’existe pas."))
    response = _ics_response(ical.calendar_for([event], event.title), f"{event.slug}.ics")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    response["Cache-Control"] = "public, max-age=600"
    return response


def private_events(user):
    """The person's events (confirmed or on the waitlist), from the last 90 days on."""
    registrations = (
        Registration.objects.filter(
            user=user,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLIST],
            event__live=True,
            event__end__gte=timezone.now() - timedelta(days=PRIVATE_FEED_PAST_DAYS),
        )
        .select_related("event")
        .order_by("event__start", "pk")
    )
    return [(registration.event, registration.status) for registration in registrations]


def private_feed(request, token):
    calendar_token = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if calendar_token is None:
        raise Http404(_("Ce lien d’agenda n’existe pas ou a été révoqué."))
    items = private_events(calendar_token.user)
    confirmed = {event.pk for event, status in items if status == Registration.Status.CONFIRMED}
    content = ical.calendar_for(
        [event for event, _status in items],
        _("Mes événements — Communauté zéro non-recours"),
        include_online_link=lambda event: event.pk in confirmed,
    )
    return _ics_response(content, "mes-evenements.ics")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def private_feed_url(request, calendar_token) -> str:
    return request.build_absolute_uri(reverse("events:private_feed", args=[calendar_token.token]))


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    """Show the private feed address; create, regenerate (the old address stops working) or
    delete it."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("create", "regenerate"):
            CalendarToken.objects.update_or_create(
                user=request.user, defaults={"token": new_token(), "created_at": timezone.now()}
            )
            if action == "regenerate":
                messages.success(
                    request,
                    _(
                        "Nouvelle adresse créée : l’ancienne ne fonctionne plus. "
                        "Abonnez de nouveau votre agenda."
                    ),
                )
            else:
                messages.success(request, _("Votre adresse d’agenda personnelle est prête."))
        elif action == "delete":
            CalendarToken.objects.filter(user=request.user).delete()
            messages.success(
                request, _("Adresse supprimée : votre agenda ne sera plus mis à jour.")
            )
        return redirect("events:my_calendar")
    calendar_token = CalendarToken.objects.filter(user=request.user).first()
    return render(
        request,
        "events/my_calendar.html",
        {
            "calendar_token": calendar_token,
            "private_url": private_feed_url(request, calendar_token) if calendar_token else "",
            "public_url": request.build_absolute_uri(reverse("events:public_feed")),
            "events": [
                event for event, status in private_events(request.user) if not event.is_past
            ],
        },
    )
