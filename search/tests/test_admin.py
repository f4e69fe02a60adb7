"""« Index de recherche » in the Wagtail admin: administrators only, true figures, actions."""

from unittest import mock

import pytest
from django.contrib.auth.models import Permission

from search import indexing
from search.models import PendingIndex, SearchDocument
from search.tests.factories import SearchSheetFactory
from tests.factories import TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/admin/recherche/index/"


@pytest.fixture
def admin(client):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    return user


def test_shows_documents_per_type_and_pending_updates(client, admin):
    territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    SearchSheetFactory(territory=territory, title="Fiche indexée")
    indexing.rebuild()
    PendingIndex.objects.create(model_label="practices.practicesheetpage", object_id=999999)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    sheets = SearchDocument.objects.filter(type="fiche").count()
    assert sheets >= 1
    assert f"<td>Fiche pratique</td><td>{sheets}</td>" in content
    assert "1 contenu attend sa mise à jour" in content
    assert "servies par la base de données" in content
    # The settings menu leads there.
    assert URL in client.get("/admin/").content.decode()


def test_other_people_are_refused(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get(URL).status_code in (302, 403)
    assert client.post(URL, {"action": "rebuild"}).status_code in (302, 403)
    assert URL not in client.get("/admin/").content.decode()
    client.logout()
    assert client.get(URL).status_code == 302


def test_rebuild_and_pending_actions(client, admin):
    territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    SearchSheetFactory(territory=territory, title="Fiche à reconstruire")
    SearchDocument.objects.all().delete()
    response = client.post(URL, {"action": "rebuild"}, follow=True)
    assert "Reconstruction de l’index lancée" in response.content.decode()
    assert SearchDocument.objects.filter(title="Fiche à reconstruire").exists()
    assert "Dernière reconstruction lancée depuis cet écran" in response.content.decode()
    response = client.post(URL, {"action": "pending"}, follow=True)
    assert "Mises à jour en attente lancées" in response.content.decode()
    response = client.post(URL, {"action": "drop-everything"}, follow=True)
    assert "Action inconnue" in response.content.decode()


def test_broker_down_says_nothing_was_started(client, admin):
    with mock.patch("search.tasks.rebuild_index.delay", side_effect=OSError("refused")):
        response = client.post(URL, {"action": "rebuild"}, follow=True)
    assert response.status_code == 200
    assert "rien n’a été lancé" in response.content.decode()
