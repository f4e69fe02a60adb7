"""Saved searches: saving from /recherche/, the pages under /recherche/enregistrees/ (own ones
only), French form errors, the « Mon compte » section. Their e-mail alerts:
test_saved_search_alerts.py."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from search import saved
from search.models import SavedSearch
from search.tests.factories import SavedSearchFactory
from search.tests.saved_helpers import CREATED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# --- Saving from the search page -----------------------------------------------------------------


def test_search_page_offers_to_save_for_logged_in_people(client, person):
    client.force_login(person)
    response = client.get("/recherche/", {"q": "maraudes", "type": "fiche"})
    content = response.content.decode()
    assert "Enregistrer cette recherche" in content
    assert 'name="query_string" value="q=maraudes&amp;type=fiche"' in content
    assert reverse("search:saved_create") in content
    # Nothing to save on the bare page.
    assert "Enregistrer cette recherche" not in client.get("/recherche/").content.decode()


def test_search_page_invites_anonymous_people_to_log_in(client):
    content = client.get("/recherche/", {"q": "maraudes"}).content.decode()
    assert "Se connecter pour l’enregistrer" in content
    assert "next=%2Frecherche%2F%3Fq%3Dmaraudes" in content
    assert 'name="query_string"' not in content


def test_save_a_search(client, person):
    client.force_login(person)
    response = client.post(
        reverse("search:saved_create"),
        {
            "name": "  Maraudes   du soir ",
            "frequency": "daily",
            "query_string": "type=fiche&q=maraudes&type=inconnu&page=4",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("search:saved_list")
    item = SavedSearch.objects.get(user=person)
    assert item.name == "Maraudes du soir"
    assert item.frequency == "daily" and item.is_active
    assert parse_qs(item.query_string) == {"q": ["maraudes"], "type": ["fiche"]}
    listing = client.get(reverse("search:saved_list")).content.decode()
    assert "Maraudes du soir" in listing
    assert "La recherche « Maraudes du soir » est enregistrée." in listing
    # The search page now says it is saved.
    content = client.get("/recherche/", {"q": "maraudes", "type": "fiche"}).content.decode()
    assert "Vous avez enregistré cette recherche sous le nom « Maraudes du soir »" in content


def test_new_search_form_prefilled_from_the_url(client, person):
    client.force_login(person)
    content = client.get(reverse("search:saved_create"), {"q": "numérique"}).content.decode()
    assert 'value="« numérique »"' in content
    assert content.count("<h1") == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "", "frequency": "daily", "query_string": "q=maraudes"},
            "Donnez un nom à cette recherche.",
        ),
        (
            {"name": "   ", "frequency": "daily", "query_string": "q=maraudes"},
            "Donnez un nom à cette recherche.",
        ),
        (
            {"name": "x" * 101, "frequency": "daily", "query_string": "q=maraudes"},
            "Le nom ne doit pas dépasser 100 caractères.",
        ),
        (
            {"name": "Tout", "frequency": "hourly", "query_string": "q=maraudes"},
            "Choisissez la fréquence des e-mails.",
        ),
        (
            {"name": "Vide", "frequency": "daily", "query_string": "type=inconnu"},
            "Cette recherche est vide",
        ),
    ],
)
def test_form_errors_in_french_keep_what_was_typed(client, person, data, message):
    client.force_login(person)
    response = client.post(reverse("search:saved_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "La recherche n’est pas enregistrée" in content
    if data["name"].strip():
        assert data["name"][:100] in content
    assert not SavedSearch.objects.exists()


def test_duplicate_and_limit(client, person):
    client.force_login(person)
    SavedSearchFactory(user=person, query_string="q=maraudes", created_at=CREATED)
    response = client.post(
        reverse("search:saved_create"),
        {"name": "Encore", "frequency": "weekly", "query_string": "q=maraudes"},
    )
    assert "Vous avez déjà enregistré cette recherche sous le nom « Maraudes »." in (
        response.content.decode()
    )
    SavedSearch.objects.bulk_create(
        [
            SavedSearch(user=person, name=f"R{n}", query_string=f"q=mot{n}")
            for n in range(saved.MAX_PER_USER - 1)
        ]
    )
    response = client.post(
        reverse("search:saved_create"),
        {"name": "Une de trop", "frequency": "weekly", "query_string": "q=autre"},
    )
    assert "le maximum : supprimez-en une" in response.content.decode()
    assert SavedSearch.objects.filter(user=person).count() == saved.MAX_PER_USER


# --- Managing them -------------------------------------------------------------------------------


def test_pages_need_login(client, person):
    item = SavedSearchFactory(user=person, created_at=CREATED)
    for url in (
        reverse("search:saved_list"),
        reverse("search:saved_create"),
        reverse("search:saved_edit", args=[item.pk]),
        reverse("search:saved_delete", args=[item.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login") + "?next="), url


def test_nobody_touches_another_persons_search(client, person):
    item = SavedSearchFactory(user=person, created_at=CREATED)
    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("search:saved_edit", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("search:saved_edit", args=[item.pk]), {"name": "Piraté", "frequency": "daily"}
        ).status_code
        == 404
    )
    assert client.post(reverse("search:saved_toggle", args=[item.pk])).status_code == 404
    assert client.post(reverse("search:saved_delete", args=[item.pk])).status_code == 404
    assert "Maraudes" not in client.get(reverse("search:saved_list")).content.decode()
    item.refresh_from_db()
    assert (item.name, item.is_active) == ("Maraudes", True)


def test_edit_pause_resume_delete(client, person):
    item = SavedSearchFactory(user=person, created_at=CREATED)
    client.force_login(person)
    response = client.post(
        reverse("search:saved_edit", args=[item.pk]),
        {"name": "Maraudes (hebdo)", "frequency": "weekly"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    # is_active unchecked in the form: paused.
    assert (item.name, item.frequency, item.is_active) == ("Maraudes (hebdo)", "weekly", False)
    client.post(reverse("search:saved_toggle", args=[item.pk]))
    item.refresh_from_db()
    assert item.is_active
    assert client.get(reverse("search:saved_toggle", args=[item.pk])).status_code == 405
    confirm = client.get(reverse("search:saved_delete", args=[item.pk]))
    assert "Supprimer la recherche" in confirm.content.decode()
    assert SavedSearch.objects.filter(pk=item.pk).exists()
    client.post(reverse("search:saved_delete", args=[item.pk]))
    assert not SavedSearch.objects.filter(pk=item.pk).exists()


def test_list_is_paginated_with_an_empty_state(client, person, django_assert_max_num_queries):
    client.force_login(person)
    empty = client.get(reverse("search:saved_list")).content.decode()
    assert "Vous n’avez encore enregistré aucune recherche." in empty
    SavedSearch.objects.bulk_create(
        [
            SavedSearch(user=person, name=f"Recherche {n:02d}", query_string=f"q=mot{n}&type=fiche")
            for n in range(25)
        ]
    )
    client.get(reverse("search:saved_list"))  # labels cached
    with django_assert_max_num_queries(12):
        first = client.get(reverse("search:saved_list")).content.decode()
    assert first.count("Lancer la recherche") == 20
    assert "Type de contenu : Fiche pratique" in first
    second = client.get(reverse("search:saved_list"), {"page": 2}).content.decode()
    assert second.count("Lancer la recherche") == 5


def test_dashboard_section(client, person):
    client.force_login(person)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert '<h2 id="titre-recherches-enregistrees">Mes recherches enregistrées</h2>' in content
    assert f'href="{reverse("search:saved_list")}"' in content


def test_unsubscribe_link_pauses_without_login(client, person):
    item = SavedSearchFactory(user=person, created_at=CREATED)
    url = reverse("search:saved_unsubscribe", args=[saved.unsubscribe_token(item)])
    assert "Arrêter les alertes" in client.get(url).content.decode()
    item.refresh_from_db()
    assert item.is_active
    response = client.post(url)
    assert "vous ne recevrez plus ces alertes" in response.content.decode()
    item.refresh_from_db()
    assert not item.is_active
    bad = client.get(reverse("search:saved_unsubscribe", args=["faux-jeton"]))
    assert bad.status_code == 400
    assert "Ce lien n’est pas valide" in bad.content.decode()


def test_erasure_deletes_saved_searches(person):
    from accounts import personal_data

    SavedSearchFactory(user=person, created_at=CREATED)
    other = SavedSearchFactory(user=UserFactory(), created_at=CREATED)
    personal_data.erase(person)
    assert not SavedSearch.objects.filter(user=person).exists()
    assert SavedSearch.objects.filter(pk=other.pk).exists()
