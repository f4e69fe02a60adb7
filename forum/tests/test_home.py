import pytest

from forum.models import Category, Thread

pytestmark = pytest.mark.django_db


def test_home_shows_active_readable_discussions(client):
    public = Category.objects.create(name="Public", slug="public", visibility="public")
    private = Category.objects.create(name="Référents", slug="ref", visibility="referents")
    Thread.objects.create(category=public, title="Croiser les fichiers CAF", posts_count=3)
    Thread.objects.create(category=private, title="Entre référents seulement")
    content = client.get("/").content.decode()
    assert "Discussions actives" in content
    assert "Croiser les fichiers CAF" in content and "2 réponses" in content
    assert "Entre référents seulement" not in content


def test_no_section_without_discussions(client):
    assert "Discussions actives" not in client.get("/").content.decode()
