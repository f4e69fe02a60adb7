"""An event title typed in the Wagtail admin loses its direction controls and zero-width
characters, in the page and in its revision."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventPage
from events.services import ensure_index
from tests.factories import UserFactory
from website.models import HomePage

pytestmark = pytest.mark.django_db


def test_admin_page_form_stores_the_title_without_invisible_characters(client):
    index = ensure_index(HomePage.objects.first())
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    data = nested_form_data(
        {
            "title": "Atelier\u202e CAF\u200b",
            "slug": "atelier-caf",
            "summary": "Échanges sur le non-recours.",
            "kind": EventPage.Kind.WORKSHOP,
            "format": EventPage.Format.ONLINE,
            "start": "2030-01-10 10:00",
            "end": "2030-01-10 12:00",
            "online_link": "https://visio.example.org/salle",
            "audience": EventPage.Audience.MEMBERS,
            "description": streamfield([]),
            "report": streamfield([]),
            "materials": inline_formset([]),
        }
    )
    response = client.post(f"/admin/pages/add/events/eventpage/{index.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="atelier-caf")
    assert (event.title, event.draft_title) == ("Atelier CAF", "Atelier CAF")
    assert event.latest_revision.content["title"] == "Atelier CAF"
