"""Issue 22, « Mon compte » as a personal hub: my upcoming registrations (with my place on a
waiting list), my discussions (only those I may still read, what is new), my subscriptions
with their level and a form to change it; the same number of queries whatever their number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services as event_services
from events.models import Registration
from events.tests.factories import EventFactory
from forum import notifications
from forum import services as forum_services
from forum.models import Category, Post, Subscription
from forum.tests.factories import CategoryFactory, ThreadFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def section(content, heading_id):
    start = content.index(f'id="{heading_id}"')
    return content[start : content.index("</section>", start)]


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_upcoming_registrations_with_the_waiting_list_position(client):
    me = MembershipFactory(user__old=True).user
    confirmed = EventFactory(title="Webinaire prime d’activité", days=3)
    full = EventFactory(title="Atelier complet", days=5, capacity=1)
    past = EventFactory(title="Atelier passé", days=-3)
    for other in (UserFactory(), UserFactory(), UserFactory()):
        event_services.register(other, full)
    event_services.register(me, confirmed)
    event_services.register(me, full)
    Registration.objects.create(event=past, user=me, status=Registration.Status.CONFIRMED)

    html = section(dashboard(client, me), "titre-mes-inscriptions")
    assert "Webinaire prime d’activité" in html and "Inscription confirmée" in html
    assert "Atelier complet" in html and "Liste d’attente, 3e position" in html
    assert "Atelier passé" not in html
    assert html.index("Webinaire prime") < html.index("Atelier complet")


def test_no_registration_says_so(client):
    html = section(dashboard(client, MembershipFactory().user), "titre-mes-inscriptions")
    assert "aucun événement à venir" in html


def test_my_discussions_are_only_those_i_may_still_read(client):
    me = MembershipFactory(user__old=True).user
    public = ThreadFactory(title="Toucher les familles", author=me)
    other = ThreadFactory(title="Repérer les retraités")
    forum_services.reply(me, other, "Nous aussi.")
    ThreadFactory(title="Sans moi")
    hidden_category = CategoryFactory(visibility=Category.Visibility.REFERENTS)
    referent = MembershipFactory(user__old=True, role="referent").user
    hidden = ThreadFactory(title="Espace des référents", category=hidden_category, author=referent)
    Post.objects.filter(thread=hidden).update(author=me)  # written when I was a référent

    html = section(dashboard(client, me), "titre-mes-discussions")
    assert "Toucher les familles" in html and "Repérer les retraités" in html
    assert "Sans moi" not in html
    assert "Espace des référents" not in html  # no longer readable (not a référent)
    assert public.title in html


def test_subscriptions_show_their_level_and_change_it(client):
    me = MembershipFactory(user__old=True).user
    thread = ThreadFactory(title="Toucher les familles")
    category = CategoryFactory(name="Outils")
    notifications.set_level(me, Subscription.Level.MUTED, thread=thread)
    notifications.set_level(me, Subscription.Level.WATCHING, category=category)

    html = section(dashboard(client, me), "titre-mes-discussions")
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    assert rows.index("Toucher les familles") < rows.index("Catégorie « Outils »")  # muted first
    assert "Silencieux" in rows and "Suivre (tout recevoir)" in rows

    response = client.post(
        reverse("forum:subscription"),
        {"thread_id": thread.pk, "level": "watching", "next": reverse("accounts:dashboard")},
    )
    assert response.status_code == 302
    assert Subscription.objects.get(user=me, thread=thread).level == "watching"


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("accounts:dashboard")).status_code == 200
    return len(captured)


def test_the_hub_keeps_its_number_of_queries(client):
    me = MembershipFactory(user__old=True).user
    ThreadFactory(author=me)
    event_services.register(me, EventFactory())
    notifications.set_level(me, Subscription.Level.MUTED, thread=ThreadFactory())
    first = _queries(client, me)
    for number in range(5):
        ThreadFactory(author=me, title=f"Discussion {number}")
        event_services.register(me, EventFactory(title=f"Événement {number}", days=number + 2))
        notifications.set_level(me, Subscription.Level.MUTED, thread=ThreadFactory())
    assert _queries(client, me) == first
