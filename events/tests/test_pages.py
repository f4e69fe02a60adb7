from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts import roles
from events import services
from events.models import EventPage, Registration
from events.tests.factories import EventFactory
from forum.tests.factories import CategoryFactory
from taxonomy.models import Barrier
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def paris(*args):
    return datetime(*args, tzinfo=timezone.get_current_timezone())


def index_url():
    from events.models import EventIndexPage

    return EventIndexPage.objects.get().url


@pytest.fixture
def events():
    now = timezone.now()
    later = EventFactory(title="Atelier plus tard", days=20, kind=EventPage.Kind.WORKSHOP)
    soon = EventFactory(title="Webinaire bientôt", days=3)
    cancelled = EventFactory(
        title="Rencontre annulée", days=10, kind=EventPage.Kind.NATIONAL, is_cancelled=True
    )
    old = EventFactory(
        title="Vieux webinaire",
        start=now - timedelta(days=40),
        end=now - timedelta(days=40) + timedelta(hours=2),
        replay_url="https://video.example.org/replay",
    )
    recent = EventFactory(
        title="Visite récente",
        start=now - timedelta(days=5),
        end=now - timedelta(days=5) + timedelta(hours=2),
        kind=EventPage.Kind.VISIT,
    )
    draft = EventFactory(title="Brouillon secret", days=4, live=False)
    return {
        "later": later,
        "soon": soon,
        "cancelled": cancelled,
        "old": old,
        "recent": recent,
        "draft": draft,
    }


def test_index_upcoming_first_then_past_with_materials(client, events):
    content = client.get(index_url()).content.decode()
    order = [
        content.index(title)
        for title in (
            "Webinaire bientôt",
            "Rencontre annulée",
            "Atelier plus tard",
            "Visite récente",
            "Vieux webinaire",
        )
    ]
    assert order == sorted(order)
    assert content.index("Atelier plus tard") < content.index("Événements passés")
    assert content.index("Visite récente") > content.index("Événements passés")
    assert "Brouillon secret" not in content
    assert "Annulé" in content
    assert content.count("Supports et replay") == 1  # only the old one has a replay


def test_index_filters_and_notices(client, events):
    content = client.get(index_url(), {"type": "atelier"}).content.decode()
    assert "Atelier plus tard" in content and "Webinaire bientôt" not in content

    month = timezone.localtime(events["soon"].start).strftime("%Y-%m")
    content = client.get(index_url(), {"mois": month}).content.decode()
    assert "Webinaire bientôt" in content and "Vieux webinaire" not in content

    content = client.get(index_url(), {"type": "concert", "mois": "2025-13"}).content.decode()
    assert "Le type d’événement « concert » n’existe pas : ce filtre est ignoré." in content
    assert "Le mois « 2025-13 » n’est pas reconnu" in content
    assert "Webinaire bientôt" in content and "Vieux webinaire" in content


def test_index_paginates_past_events(client):
    now = timezone.now()
    for number in range(12):
        start = now - timedelta(days=10 + number)
        EventFactory(
            title=f"Passé numéro {number:02d}", start=start, end=start + timedelta(hours=1)
        )
    first = client.get(index_url()).content.decode()
    second = client.get(index_url(), {"page": 2}).content.decode()
    assert "Passé numéro 00" in first and "Passé numéro 11" not in first
    assert "Passé numéro 11" in second


def test_calendar_month_view(client):
    EventFactory(
        title="Webinaire de mars", start=paris(2031, 3, 12, 14), end=paris(2031, 3, 12, 16)
    )
    EventFactory(
        title="Rencontre de deux jours",
        start=paris(2031, 3, 30, 9),
        end=paris(2031, 4, 1, 17),
        kind=EventPage.Kind.NATIONAL,
    )
    EventFactory(title="Atelier d’avril", start=paris(2031, 4, 8, 9), end=paris(2031, 4, 8, 12))
    response = client.get(index_url() + "calendrier/", {"mois": "2031-03"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<caption>Événements de mars 2031</caption>" in content
    assert '<th scope="col">Lundi</th>' in content
    assert "14\u00a0h — Webinaire de mars" in content
    assert content.count("Rencontre de deux jours") == 2  # 30 and 31 March
    assert "Atelier d’avril" not in content
    assert "?mois=2031-02" in content and "?mois=2031-04" in content
    assert "mercredi 12 mars" in content

    content = client.get(index_url() + "calendrier/", {"mois": "n’importe"}).content.decode()
    assert "n’est pas reconnu" in content


def test_event_page_details_in_french(client):
    event = EventFactory(
        title="Webinaire du mardi",
        start=paris(2031, 6, 3, 14),
        end=paris(2031, 6, 3, 16),
        format=EventPage.Format.HYBRID,
        address="1 place de la Mairie, Fictiville",
        speakers="Camille Exemple, cheffe de projet\nAlex Démo, animateur",
    )
    event.barriers.set(Barrier.objects.all()[:1])
    event.save()
    content = client.get(event.url).content.decode()
    assert "mardi 3 juin 2031, de 14\u00a0h à 16\u00a0h" in content
    assert "1 place de la Mairie, Fictiville" in content
    assert "Camille Exemple, cheffe de projet" in content
    assert str(Barrier.objects.all()[0]) in content
    assert "salle-secrete" not in content
    assert "Le lien de connexion est communiqué aux personnes inscrites." in content


def test_online_link_shown_to_confirmed_and_staff_only(client):
    # Starting in 10 minutes: the link is open (EVENTS_JOIN_LINK_MINUTES_BEFORE = 15).
    event = EventFactory(capacity=1, start=timezone.now() + timedelta(minutes=10))
    member, waiting = MembershipFactory().user, UserFactory()
    services.register(member, event)
    services.register(waiting, event)
    for person, visible in (
        (member, True),
        (waiting, False),
        (UserFactory(roles=[roles.FACILITATOR]), True),
    ):
        client.force_login(person)
        assert ("salle-secrete" in client.get(event.url).content.decode()) is visible
    client.force_login(waiting)
    assert "Vous êtes sur la liste d’attente" in client.get(event.url).content.decode()


def test_past_event_shows_materials_and_no_registration(client):
    now = timezone.now()
    start = now - timedelta(days=3)
    event = EventFactory(
        title="Passé",
        start=start,
        end=start + timedelta(hours=2),
        replay_url="https://video.example.org/replay",
        report=[("paragraph", "<p>Ce qui s’est dit</p>")],
    )
    client.force_login(UserFactory())
    content = client.get(event.url).content.decode()
    assert "Supports et replay" in content and "https://video.example.org/replay" in content
    assert "Ce qui s’est dit" in content
    assert "Cet événement est passé" in content
    assert "M’inscrire" not in content


def test_home_section(client):
    assert "Prochains événements" not in client.get("/").content.decode()
    for number in range(4):
        EventFactory(title=f"Prochain {number}", days=number + 1)
    content = client.get("/").content.decode()
    assert "Prochains événements" in content
    assert "Prochain 0" in content and "Prochain 2" in content and "Prochain 3" not in content


def test_query_counts_are_bounded(client, django_assert_max_num_queries, events):
    for number in range(8):
        EventFactory(title=f"Encore un {number}", days=30 + number)
    user = MembershipFactory().user
    services.register(user, events["soon"])
    client.force_login(user)
    # The first page of a session also computes the person's rights profile (eight queries,
    # website.member_cache), cached afterwards; one more gives the months of the filter.
    with django_assert_max_num_queries(34):
        assert client.get(index_url()).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(index_url() + "calendrier/").status_code == 200
    with django_assert_max_num_queries(32):
        assert client.get(events["soon"].url).status_code == 200


def test_demo_is_idempotent():
    from accounts import demo as accounts_demo
    from events import demo

    accounts_demo.load()
    first = demo.load()
    second = demo.load()
    assert first["created"] == 9 and second["created"] == 0
    assert EventPage.objects.count() == 9
    assert EventPage.objects.filter(series__title=demo.SERIES_TITLE).count() == 2
    now = timezone.now()
    assert EventPage.objects.filter(end__lt=now).count() == 3
    full = EventPage.objects.get(slug=demo.FULL_EVENT)
    assert full.capacity == 3
    assert full.registrations.filter(status=Registration.Status.CONFIRMED).count() == 3
    assert full.registrations.filter(status=Registration.Status.WAITLIST).count() == 2
    assert EventPage.objects.filter(audience=EventPage.Audience.REFERENTS).exists()
    assert Registration.objects.count() == 5


def test_facilitators_find_the_participants_page_from_the_event(client):
    from accounts import roles
    from events.tests.factories import EventFactory

    event = EventFactory(title="Atelier outillé")
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    participants = f"/evenements/animation/{event.pk}/participants/"
    assert participants in client.get(event.url).content.decode()
    client.force_login(UserFactory())
    content = client.get(event.url).content.decode()
    assert f"/evenements/animation/{event.pk}/participants/" not in content
    assert "/evenements/mon-calendrier/" in content


def test_event_shows_its_linked_discussions(client):
    from forum.models import Thread

    event = EventFactory(title="Webinaire lié")
    public = CategoryFactory(name="Public", slug="public", visibility="public")
    Thread.objects.create(category=public, title="Questions après le webinaire", linked_page=event)
    content = client.get(event.url).content.decode()
    assert "Discussions liées (1)" in content and "Questions après le webinaire" in content
