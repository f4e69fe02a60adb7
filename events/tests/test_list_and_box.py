"""Issue 22: the registration box says the person's own state first; the list of events shows
places left, links to the public calendar feed and offers only months that hold events."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import EventIndexPage, EventPage
from events.places import french_ordinal
from events.tests.factories import EventFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def index_url():
    return EventIndexPage.objects.get().url


def paris(*args):
    return datetime(*args, tzinfo=timezone.get_current_timezone())


def members(number):
    return [MembershipFactory().user for _i in range(number)]


def box(content):
    start = content.index('id="inscription"')
    return content[start : content.index("</section>", start)]


# --- The registration box --------------------------------------------------------------------


def test_a_confirmed_person_of_a_full_event_sees_no_complet_badge(client):
    event = EventFactory(capacity=1)
    confirmed, waiting, other = members(3)
    services.register(confirmed, event)
    services.register(waiting, event)

    client.force_login(confirmed)
    content = box(client.get(event.url).content.decode())
    assert "Votre inscription est confirmée" in content
    assert "Complet" not in content
    assert "fr-badge--warning" not in content and "fr-badge--error" not in content

    client.force_login(other)
    content = box(client.get(event.url).content.decode())
    assert "Complet — inscription en liste d’attente" in content
    assert "fr-badge--warning" not in content and "fr-badge--error" not in content


def test_waiting_people_see_their_position(client):
    event = EventFactory(capacity=1)
    first, second, third = members(3)
    for user in (first, second, third):
        services.register(user, event)
    client.force_login(second)
    content = box(client.get(event.url).content.decode())
    assert "Vous êtes en 1re position sur la liste d’attente" in content
    assert "Complet" not in content
    client.force_login(third)
    assert "en 2e position sur la liste d’attente" in client.get(event.url).content.decode()


def test_french_ordinals():
    assert [french_ordinal(n) for n in (1, 2, 3, 11)] == ["1re", "2e", "3e", "11e"]


# --- The list of events ----------------------------------------------------------------------


def test_list_links_to_the_public_calendar_feed(client):
    EventFactory()
    content = client.get(index_url()).content.decode()
    assert "S’abonner à l’agenda (iCal)" in content
    assert f'href="{reverse("events:public_feed")}"' in content


def test_list_shows_places_left_or_full(client):
    EventFactory(title="Sans limite", days=2)
    roomy = EventFactory(title="Grand atelier", capacity=12, days=3)
    last = EventFactory(title="Petit atelier", capacity=2, days=4)
    full = EventFactory(title="Atelier plein", capacity=1, days=5)
    people = members(3)
    services.register(people[0], last)
    services.register(people[1], full)
    services.register(people[2], full)  # waiting
    content = client.get(index_url()).content.decode()
    assert "12 places restantes" in content
    assert "1 place restante" in content
    assert "Complet — liste d’attente ouverte" in content
    assert content.count("restante") == 2  # nothing for the event without a limit
    assert roomy.pk and full.pk

    services.register(people[0], roomy)  # the cached list follows
    assert "11 places restantes" in client.get(index_url()).content.decode()


def test_list_query_count_does_not_grow_with_the_events(client):
    def count(size):
        for number in range(size):
            event = EventFactory(title=f"Atelier {size}-{number}", capacity=3, days=2 + number)
            for user in members(2):
                services.register(user, event)
        client.get(index_url(), {"avant": size})  # what a first request sets up once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index_url(), {"taille": size}).status_code == 200
        return len(queries)

    assert count(2) == count(7)


def test_month_filter_offers_only_months_with_events(client):
    EventFactory(
        title="Webinaire de décembre", start=paris(2031, 12, 3, 14), end=paris(2031, 12, 3, 16)
    )
    EventFactory(
        title="Rencontre à cheval",
        start=paris(2032, 1, 30, 9),
        end=paris(2032, 3, 1, 17),
        kind=EventPage.Kind.NATIONAL,
    )
    content = client.get(index_url()).content.decode()
    options = content[
        content.index('id="filtre-mois"') : content.index(
            "</select>", content.index('id="filtre-mois"')
        )
    ]
    assert '<option value="2031-12">décembre 2031</option>' in options
    assert '<option value="2032-02">février 2032</option>' in options  # within the long one
    assert "2031-11" not in options and "2032-04" not in options
    assert options.count("<option") == 1 + 4  # « Tous les mois » and four months

    content = client.get(index_url(), {"type": "rencontre-nationale"}).content.decode()
    start = content.index('id="filtre-mois"')
    options = content[start : content.index("</select>", start)]
    assert "2031-12" not in options and "2032-01" in options

    content = client.get(index_url(), {"mois": "2030-05"}).content.decode()
    assert '<option value="2030-05" selected>mai 2030</option>' in content  # kept when empty
