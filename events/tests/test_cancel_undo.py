"""Cancelling a registration: a confirmation page first (no JavaScript needed), then
« Annuler l’annulation » for EVENTS_CANCEL_UNDO_MINUTES (10) minutes.

The rules: the freed place goes at once to the first person waiting; undoing within the window
gives the place back if one is free, otherwise puts the person back on the waiting list at the
rank of their first registration; after the window, or once the event has started, undoing is
refused (registering again is the way back)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from events import services
from events.models import Registration
from events.tests.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UNDO_BUTTON = "Annuler l’annulation"


def status(event, user):
    return Registration.objects.get(event=event, user=user).status


def test_cancel_asks_for_confirmation_first(client):
    event = EventFactory(capacity=3)
    member = UserFactory()
    services.register(member, event)
    client.force_login(member)
    page = client.get(event.url).content.decode()
    assert f'href="{event.url}annulation/"' in page  # a plain link to the confirmation page

    response = client.get(event.url + "annulation/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Voulez-vous vraiment annuler votre inscription ?" in content
    assert "Oui, annuler mon inscription" in content
    assert "Non, garder mon inscription" in content
    assert "pendant 10 minutes" in content
    assert status(event, member) == Registration.Status.CONFIRMED  # nothing changed yet

    response = client.post(event.url + "annulation/", follow=True)
    content = response.content.decode()
    assert "Votre inscription à « Webinaire prime d’activité » est annulée." in content
    assert UNDO_BUTTON in content
    assert status(event, member) == Registration.Status.CANCELLED


def test_confirmation_page_warns_about_the_waiting_list(client):
    event = EventFactory(capacity=1)
    member, waiting = UserFactory(), UserFactory()
    services.register(member, event)
    services.register(waiting, event)
    client.force_login(member)
    content = client.get(event.url + "annulation/").content.decode()
    assert "aussitôt donnée à la première personne de la liste d’attente" in content
    client.force_login(waiting)
    content = client.get(event.url + "annulation/").content.decode()
    assert "Voulez-vous vraiment quitter la liste d’attente ?" in content


def test_confirmation_page_of_someone_not_registered_goes_back_to_the_event(client):
    event = EventFactory()
    client.force_login(UserFactory())
    response = client.get(event.url + "annulation/")
    assert response.status_code == 302 and response.url == event.url


def test_undo_within_the_window_restores_the_registration(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2, registration_question="Votre question ?")
    member = UserFactory()
    services.register(member, event, "Les données CAF")
    first_registered = Registration.objects.get(user=member).created_at
    client.force_login(member)
    client.post(event.url + "annulation/")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url + "annulation/retablir/", follow=True)
    content = response.content.decode()
    assert "est rétablie : vous gardez votre place" in content
    registration = Registration.objects.get(user=member)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.answer == "Les données CAF"
    assert registration.created_at == first_registered
    assert registration.cancelled_at is None
    assert UNDO_BUTTON not in content
    assert "Votre inscription est confirmée" in content
    assert [m.to for m in mail.outbox] == [[member.email]]  # the confirmation again


def test_undo_after_the_window_is_refused(client):
    event = EventFactory(capacity=2)
    member = UserFactory()
    services.register(member, event)
    services.cancel(member, event)
    Registration.objects.filter(user=member).update(
        cancelled_at=timezone.now() - timedelta(minutes=11)
    )
    client.force_login(member)
    assert UNDO_BUTTON not in client.get(event.url).content.decode()
    response = client.post(event.url + "annulation/retablir/", follow=True)
    content = response.content.decode()
    assert "Le délai de 10 minutes pour annuler l’annulation est dépassé." in content
    assert status(event, member) == Registration.Status.CANCELLED
    assert "M’inscrire" in content  # registering again is the way back


@override_settings(EVENTS_CANCEL_UNDO_MINUTES=30)
def test_the_window_is_a_setting():
    event = EventFactory()
    member = UserFactory()
    services.register(member, event)
    services.cancel(member, event)
    Registration.objects.filter(user=member).update(
        cancelled_at=timezone.now() - timedelta(minutes=20)
    )
    assert services.undo_cancel(member, event).status == Registration.Status.CONFIRMED


def test_undo_when_the_place_was_given_puts_back_on_the_waiting_list_first(client):
    event = EventFactory(capacity=1)
    member, first_waiting, second_waiting = UserFactory(), UserFactory(), UserFactory()
    services.register(member, event)
    services.register(first_waiting, event)
    services.register(second_waiting, event)
    client.force_login(member)
    client.post(event.url + "annulation/")
    assert status(event, first_waiting) == Registration.Status.CONFIRMED  # promoted at once

    response = client.post(event.url + "annulation/retablir/", follow=True)
    content = response.content.decode()
    assert "Votre place a été donnée entre-temps" in content
    assert "en 1re position" in content
    assert status(event, member) == Registration.Status.WAITLIST
    assert status(event, first_waiting) == Registration.Status.CONFIRMED  # keeps the place
    assert "Vous êtes en 1re position sur la liste d’attente." in content
    services.cancel(first_waiting, event)
    assert status(event, member) == Registration.Status.CONFIRMED  # ahead of second_waiting


def test_undo_of_leaving_the_waiting_list_keeps_the_rank():
    event = EventFactory(capacity=1)
    people = [UserFactory() for _ in range(4)]
    for person in people:
        services.register(person, event)
    services.cancel(people[1], event)  # first waiting leaves, then changes their mind
    assert services.undo_cancel(people[1], event).status == Registration.Status.WAITLIST
    services.cancel(people[0], event)
    assert status(event, people[1]) == Registration.Status.CONFIRMED  # ahead of the others


def test_undo_refused_once_the_event_has_started():
    event = EventFactory(start=timezone.now() + timedelta(minutes=30))
    member = UserFactory()
    services.register(member, event)
    services.cancel(member, event)
    type(event).objects.filter(pk=event.pk).update(start=timezone.now() - timedelta(minutes=1))
    event.refresh_from_db()
    with pytest.raises(services.RegistrationError, match="déjà commencé"):
        services.undo_cancel(member, event)


def test_undo_without_a_cancellation_is_refused():
    event = EventFactory()
    member = UserFactory()
    with pytest.raises(services.RegistrationError, match="pas d’inscription annulée"):
        services.undo_cancel(member, event)
    services.register(member, event)
    with pytest.raises(services.RegistrationError, match="pas d’inscription annulée"):
        services.undo_cancel(member, event)


def test_registering_again_after_the_window_goes_to_the_back_of_the_waiting_list():
    event = EventFactory(capacity=1)
    member, first_waiting, second_waiting = UserFactory(), UserFactory(), UserFactory()
    services.register(member, event)
    services.register(first_waiting, event)
    services.register(second_waiting, event)
    services.cancel(member, event)
    Registration.objects.filter(user=member).update(
        cancelled_at=timezone.now() - timedelta(minutes=11)
    )
    again = services.register(member, event)
    assert again.status == Registration.Status.WAITLIST
    assert again.cancelled_at is None
    services.cancel(first_waiting, event)
    assert status(event, second_waiting) == Registration.Status.CONFIRMED
    assert status(event, member) == Registration.Status.WAITLIST
