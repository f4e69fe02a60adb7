import pytest

from forum.models import Thread
from forum.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_home_shows_active_readable_discussions(client):
    public = CategoryFactory(name="Public", slug="public", visibility="public")
    private = CategoryFactory(name="Référents", slug="ref", visibility="referents")
    Thread.objects.create(category=public, title="Croiser les fichiers CAF", posts_count=3)
    Thread.objects.create(category=private, title="Entre référents seulement")
    content = client.get("/").content.decode()
    assert "Discussions actives" in content
    assert "Croiser les fichiers CAF" in content and "2 réponses" in content
    assert "Entre référents seulement" not in content


def test_no_section_without_discussions(client):
    assert "Discussions actives" not in client.get("/").content.decode()


def test_start_a_discussion_from_a_linked_page(client):
    from tests.factories import UserFactory
    from website.models import HomePage

    about = HomePage.objects.get().get_children().get(slug="a-propos")
    CategoryFactory(name="Entraide", slug="entraide", visibility="public")
    client.force_login(UserFactory(old=True))
    content = client.get(f"/forum/?lier={about.pk}").content.decode()
    assert "Nouvelle discussion à propos de « À propos »" in content
    assert f'href="/forum/entraide/nouvelle/?page={about.pk}"' in content
    form = client.get(f"/forum/entraide/nouvelle/?page={about.pk}")
    assert form.status_code == 200 and "À propos" in form.content.decode()
    # Unknown or missing pages are simply ignored.
    assert "Nouvelle discussion à propos" not in client.get("/forum/?lier=999999").content.decode()
