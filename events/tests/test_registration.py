from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import roles
from accounts.models import Membership
from events import permissions, services
from events.models import EventPage, Registration
from events.tests.factories import EventFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def statuses(event):
    return list(event.registrations.order_by("pk").values_list("user__email", "status"))


@pytest.fixture
def event():
    return EventFactory(capacity=2)


@pytest.fixture
def member():
    return MembershipFactory().user


def test_register_confirms_while_places_then_waitlists(event):
    people = [UserFactory() for _ in range(4)]
    results = [services.register(person, event).status for person in people]
    assert results == ["confirmed", "confirmed", "waitlist", "waitlist"]
    assert services.confirmed_count(event) == 2


def test_register_stores_the_answer(event, member):
    registration = services.register(member, event, "  Le croisement de fichiers  ")
    assert registration.answer == "Le croisement de fichiers"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            lambda e: EventPage.objects.filter(pk=e.pk).update(is_cancelled=True),
            "Cet événement est annulé",
        ),
        (
            lambda e: EventPage.objects.filter(pk=e.pk).update(
                start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=1)
            ),
            "Cet événement est passé",
        ),
        (
            lambda e: EventPage.objects.filter(pk=e.pk).update(
                start=timezone.now() - timedelta(minutes=10)
            ),
            "Cet événement a déjà commencé",
        ),
        (
            lambda e: EventPage.objects.filter(pk=e.pk).update(
                registration_opens=timezone.now() + timedelta(days=1)
            ),
            "Les inscriptions ouvriront le",
        ),
        (
            lambda e: EventPage.objects.filter(pk=e.pk).update(
                registration_closes=timezone.now() - timedelta(hours=1)
            ),
            "Les inscriptions sont closes depuis le",
        ),
        (
            lambda e: EventPage.objects.filter(pk=e.pk).update(
                audience=EventPage.Audience.REFERENTS
            ),
            "Cet événement est réservé aux référents des territoires.",
        ),
        (
            lambda e: EventPage.objects.filter(pk=e.pk).update(
                audience=EventPage.Audience.FACILITATORS
            ),
            "Cet événement est réservé à l’équipe d’animation.",
        ),
        (
            lambda e: EventPage.objects.filter(pk=e.pk).update(end=e.start - timedelta(hours=1)),
            "Les dates de cet événement sont incohérentes",
        ),
    ],
    ids=[
        "cancelled",
        "past",
        "started",
        "not-open",
        "closed",
        "referents",
        "animation",
        "end-before-start",
    ],
)
def test_register_refused_with_french_message_and_nothing_changed(event, member, setup, message):
    setup(event)
    with pytest.raises(services.RegistrationError) as error:
        services.register(member, event)
    assert message in str(error.value)
    assert not Registration.objects.exists()


def test_register_twice_is_refused(event, member):
    services.register(member, event)
    with pytest.raises(services.RegistrationError, match="déjà une inscription"):
        services.register(member, event)
    assert Registration.objects.count() == 1


def test_register_twice_on_waitlist_is_refused(member):
    event = EventFactory(capacity=1)
    services.register(UserFactory(), event)
    services.register(member, event)
    with pytest.raises(services.RegistrationError, match="déjà sur la liste d’attente"):
        services.register(member, event)
    assert Registration.objects.filter(user=member).get().status == "waitlist"


def test_anonymous_and_unpublished():
    from django.contrib.auth.models import AnonymousUser

    event = EventFactory()
    assert "Connectez-vous" in permissions.why_cannot_register(AnonymousUser(), event)
    draft = EventFactory(title="Brouillon", live=False)
    with pytest.raises(services.RegistrationError, match="n’est pas publié"):
        services.register(UserFactory(), draft)


def test_answer_too_long_is_refused(event, member):
    with pytest.raises(services.RegistrationError, match="trop longue"):
        services.register(member, event, "x" * 1001)
    assert not Registration.objects.exists()


def test_model_clean_end_before_start_and_capacity_below_participants(event):
    event.end = event.start - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "La fin de l’événement doit être après son début." in str(error.value)

    event = EventPage.objects.get(pk=event.pk)
    services.register(UserFactory(), event)
    services.register(UserFactory(), event)
    event.capacity = 1
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "2 personnes sont déjà inscrites" in str(error.value)
    assert EventPage.objects.get(pk=event.pk).capacity == 2


def test_referents_and_staff_may_register_to_restricted_events():
    event = EventFactory(audience=EventPage.Audience.REFERENTS)
    referent = MembershipFactory(role=Membership.Role.REFERENT).user
    facilitator = UserFactory(roles=[roles.FACILITATOR])
    plain = MembershipFactory().user
    pending = MembershipFactory(
        role=Membership.Role.REFERENT, status=Membership.Status.PENDING
    ).user
    assert services.register(referent, event).status == "confirmed"
    assert services.register(facilitator, event).status == "confirmed"
    for person in (plain, pending):
        with pytest.raises(services.RegistrationError, match="réservé aux référents"):
            services.register(person, event)

    animation = EventFactory(title="Interne", audience=EventPage.Audience.FACILITATORS)
    assert services.register(facilitator, animation).status == "confirmed"
    with pytest.raises(services.RegistrationError):
        services.register(referent, animation)


def test_cancel_promotes_first_waiting_and_emails_them(event, django_capture_on_commit_callbacks):
    first, second, waiting1, waiting2 = (UserFactory() for _ in range(4))
    for person in (first, second, waiting1, waiting2):
        services.register(person, event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration, promoted = services.cancel(first, event)
    assert registration.status == "cancelled"
    assert [r.user for r in promoted] == [waiting1]
    assert Registration.objects.get(user=waiting1).status == "confirmed"
    assert Registration.objects.get(user=waiting2).status == "waitlist"
    assert services.confirmed_count(event) == 2
    promotion = [m for m in mail.outbox if "Une place s’est libérée" in m.subject]
    assert len(promotion) == 1 and promotion[0].to == [waiting1.email]
    assert event.title in promotion[0].subject
    assert "https://visio.example.org/salle-secrete" in promotion[0].body
    # Promoted, the person gets the event for their calendar, as anyone confirmed at once.
    ics = [a for a in promotion[0].attachments if a[0] == "evenement.ics"]
    assert len(ics) == 1 and "BEGIN:VEVENT" in str(ics[0][1]) and ics[0][2] == "text/calendar"


def test_cancelling_from_waitlist_promotes_nobody(event):
    people = [UserFactory() for _ in range(4)]
    for person in people:
        services.register(person, event)
    _registration, promoted = services.cancel(people[3], event)
    assert promoted == []
    assert Registration.objects.get(user=people[2]).status == "waitlist"


def test_cancel_without_registration_or_after_the_event(event, member):
    with pytest.raises(services.RegistrationError, match="pas d’inscription"):
        services.cancel(member, event)
    services.register(member, event)
    EventPage.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(services.RegistrationError, match="est passé"):
        services.cancel(member, event)
    assert Registration.objects.get(user=member).status == "confirmed"


def test_register_again_after_cancelling_reuses_the_row(member):
    event = EventFactory(capacity=1)
    services.register(member, event, "première")
    services.cancel(member, event)
    other = UserFactory()
    assert services.register(other, event).status == "confirmed"
    again = services.register(member, event, "seconde")
    assert again.status == "waitlist" and again.answer == "seconde"
    assert Registration.objects.filter(user=member).count() == 1


def test_online_link_visibility(event, member):
    facilitator = UserFactory(roles=[roles.FACILITATOR])
    assert not permissions.can_see_online_link(member, event)
    assert permissions.can_see_online_link(facilitator, event)
    services.register(member, event)
    assert permissions.can_see_online_link(member, event)
    waiting = UserFactory()
    services.register(UserFactory(), event)
    services.register(waiting, event)
    assert not permissions.can_see_online_link(waiting, event)


# --- Views ----------------------------------------------------------------------------------------


def test_register_view_and_cancel_view(client, member):
    event = EventFactory(capacity=1, registration_question="Quelle question voulez-vous poser ?")
    page = client.get(event.url).content.decode()
    assert "Se connecter pour s’inscrire" in page
    assert "salle-secrete" not in page
    response = client.post(event.url + "inscription/")
    assert response.status_code == 302 and "next=" in response.url

    client.force_login(member)
    page = client.get(event.url).content.decode()
    assert "Quelle question voulez-vous poser ?" in page
    assert "1 place restante" in page
    response = client.post(event.url + "inscription/", {"answer": "Les données CAF"}, follow=True)
    content = response.content.decode()
    assert "Votre inscription à « Webinaire prime d’activité » est confirmée" in content
    # A week before: the link waits for the 15 minutes before the start.
    assert "salle-secrete" not in content
    assert "Le lien de connexion sera disponible 15 minutes avant le début." in content
    assert "Complet" not in content  # full, but the person has a place (issue 22)
    assert Registration.objects.get(user=member).answer == "Les données CAF"

    response = client.post(event.url + "annulation/", follow=True)
    assert "Votre inscription à « Webinaire prime d’activité » est annulée." in (
        response.content.decode()
    )
    assert Registration.objects.get(user=member).status == "cancelled"


def test_register_view_error_keeps_the_answer(client, member):
    event = EventFactory(registration_question="Votre question ?")
    client.force_login(member)
    response = client.post(event.url + "inscription/", {"answer": "x" * 1001})
    content = response.content.decode()
    assert response.status_code == 200
    assert "trop longue" in content
    assert "x" * 1001 in content  # the typed answer is kept
    assert not Registration.objects.exists()

    EventPage.objects.filter(pk=event.pk).update(
        registration_closes=timezone.now() - timedelta(minutes=1)
    )

    response = client.post(event.url + "inscription/", {"answer": "Ma question"})
    assert "Les inscriptions sont closes depuis le" in response.content.decode()
    assert not Registration.objects.exists()


def test_register_view_twice_shows_message(client, member, event):
    client.force_login(member)
    client.post(event.url + "inscription/")
    response = client.post(event.url + "inscription/")
    assert "Vous avez déjà une inscription à cet événement." in response.content.decode()
    assert Registration.objects.count() == 1


def test_waitlist_view_message(client, member):
    event = EventFactory(capacity=1)
    services.register(UserFactory(), event)
    client.force_login(member)
    page = client.get(event.url).content.decode()
    assert "Complet — inscription en liste d’attente" in page
    assert "M’inscrire sur la liste d’attente" in page
    response = client.post(event.url + "inscription/", follow=True)
    content = response.content.decode()
    assert "vous êtes sur la liste d’attente" in content
    assert "salle-secrete" not in content


def test_get_on_action_routes_redirects(client, member, event):
    client.force_login(member)
    assert client.get(event.url + "inscription/").url == event.url
    assert not Registration.objects.exists()


def test_raising_the_capacity_promotes_waiting_people(django_capture_on_commit_callbacks):
    from events.services import register

    event = EventFactory(title="Atelier à une place", capacity=1)
    people = [UserFactory() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            register(person, event)
    assert [r.status for r in Registration.objects.filter(event=event).order_by("pk")] == [
        "confirmed",
        "waitlist",
        "waitlist",
    ]
    mail.outbox.clear()
    event.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    after = list(
        Registration.objects.filter(event=event).order_by("pk").values_list("status", flat=True)
    )
    assert after == ["confirmed", "confirmed", "waitlist"]
    assert any(people[1].email in m.to for m in mail.outbox)
