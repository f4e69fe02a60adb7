"""The registration actions of an event page: register, cancel (after a confirmation page),
undo a cancellation (the event's .ics file is ``events.feeds.event_ics``).

The routes live on ``events.models.EventPage`` and delegate to these functions."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from events import places, services
from events.models import EventPage, Registration
from events.views import RegistrationForm, render_event
from website import page_views


@page_views.handles(EventPage, "register")
def register(request, event):
    if not request.user.is_authenticated:
        return redirect_to_login(event.url)
    if request.method != "POST":
        return redirect(event.url)
    form = RegistrationForm(request.POST, event=event)
    if form.is_valid():
        try:
            registration = services.register(
                request.user, event, form.cleaned_data.get("answer", "")
            )
        except services.RegistrationError as error:
            form.add_error(None, str(error))
        else:
            if registration.status == registration.Status.CONFIRMED:
                messages.success(
                    request,
                    _("Votre inscription à « %(title)s » est confirmée.") % {"title": event.title},
                )
            else:
                messages.info(
                    request,
                    _(
                        "L’événement est complet : vous êtes sur la liste "
                        "d’attente. Un e-mail vous préviendra si une place "
                        "se libère."
                    ),
                )
            return redirect(event.url)
    return render_event(request, event, registration_form=form, registration_error=True)


@page_views.handles(EventPage, "cancel")
def cancel(request, event):
    """GET: « Voulez-vous vraiment annuler votre inscription ? »; POST: cancel."""
    if not request.user.is_authenticated:
        return redirect_to_login(event.url + "annulation/")
    if request.method != "POST":
        return _confirm_cancel(request, event)
    try:
        registration, _promoted = services.cancel(request.user, event)
    except services.RegistrationError as error:
        return render_event(request, event, cancel_error=str(error))
    if registration.status == registration.Status.CANCELLED:
        messages.success(
            request, _("Votre inscription à « %(title)s » est annulée.") % {"title": event.title}
        )
    return redirect(event.url + "#inscription")


def _confirm_cancel(request, event):
    from events import timing

    registration = services.registration_for(request.user, event)
    if registration is None:
        messages.info(request, _("Vous n’avez pas d’inscription en cours à cet événement."))
        return redirect(event.url)
    parent = event.get_parent()
    context = {
        "page": event,
        "self": event,
        "registration": registration,
        "is_waitlisted": registration.status == Registration.Status.WAITLIST,
        "has_waitlist": event.registrations.filter(status=Registration.Status.WAITLIST).exists(),
        "undo_minutes": timing.undo_minutes(),
        "index_url": parent.url if parent else "/",
    }
    return TemplateResponse(request, "events/cancel_confirm.html", context)


@page_views.handles(EventPage, "undo_cancel")
def undo_cancel(request, event):
    if not request.user.is_authenticated:
        return redirect_to_login(event.url)
    if request.method != "POST":
        return redirect(event.url)
    try:
        registration = services.undo_cancel(request.user, event)
    except services.RegistrationError as error:
        messages.error(request, str(error))
        return redirect(event.url + "#inscription")
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request,
            _("Votre inscription à « %(title)s » est rétablie : vous gardez votre place.")
            % {"title": event.title},
        )
    else:
        rank = places.french_ordinal(places.waitlist_position(registration) or 1)
        messages.info(
            request,
            _(
                "Votre place a été donnée entre-temps à une personne de la liste d’attente : "
                "vous voici de nouveau sur la liste d’attente, en %(rank)s position. Vous "
                "recevrez un e-mail si une place se libère."
            )
            % {"rank": rank},
        )
    return redirect(event.url + "#inscription")
