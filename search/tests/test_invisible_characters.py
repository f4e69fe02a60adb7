"""The name of a saved search loses its direction controls and zero-width characters."""

import pytest
from django.urls import reverse

from search.models import SavedSearch
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_saved_search_name_without_invisible_characters(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("search:saved_create"),
        {
            "name": "Maraudes\u202e du\u200b soir",
            "frequency": "daily",
            "query_string": "q=maraudes",
        },
    )
    assert response.status_code == 302
    item = SavedSearch.objects.get(user=person)
    assert item.name == "Maraudes du soir"
    response = client.post(
        reverse("search:saved_edit", args=[item.pk]),
        {
            "name": "\u2066Maraudes\u2069",
            "frequency": "weekly",
        },
    )
    item.refresh_from_db()
    assert item.name == "Maraudes"
