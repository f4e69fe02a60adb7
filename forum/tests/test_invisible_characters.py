"""Thread titles and attachment names lose their direction controls and zero-width characters,
whether a member writes the thread or a moderator renames it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from forum import services
from forum.models import Attachment, Category, Thread
from forum.tests.factories import CategoryFactory
from forum.tests.notifications import use_forum_urls
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forum_setup(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    use_forum_urls(settings)
    CategoryFactory(slug="entraide", visibility=Category.Visibility.PUBLIC, name="Entraide")


def test_new_thread_title_and_file_name_without_invisible_characters(client):
    client.force_login(UserFactory(first_name="Anne", last_name="Auteure", old=True))
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    upload = SimpleUploadedFile("compte-rendu\u202efdp.pdf", body, content_type="application/pdf")
    response = client.post(
        "/forum/entraide/nouvelle/",
        {
            "title": "Partage\u200b de données\u202e avec la CAF",
            "kind": "question",
            "text": "Qui a signé une convention ?",
            "attachments": [upload],
        },
    )
    assert response.status_code == 302
    assert Thread.objects.get().title == "Partage de données avec la CAF"
    assert Attachment.objects.get().name == "compte-rendufdp.pdf"


def test_title_of_invisible_characters_only_is_refused(client):
    client.force_login(UserFactory(old=True))
    html = client.post(
        "/forum/entraide/nouvelle/",
        {
            "title": "\u202e\u200b",
            "kind": "question",
            "text": "Un message",
        },
    ).content.decode()
    assert "Donnez un titre à la discussion." in html
    assert not Thread.objects.exists()


def test_renamed_thread_without_invisible_characters(client, django_capture_on_commit_callbacks):
    thread = services.create_thread(
        UserFactory(old=True), Category.objects.get(), "Une question", "Comment faire ?"
    )
    client.force_login(UserFactory(roles=[roles.MODERATOR], old=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum:moderate_thread", args=[thread.pk]),
            {
                "action": "renommer",
                "renommer-title": "Un titre\u202e plus\u200b clair",
                "renommer-reason": "Clarté",
                "next": reverse("forum:moderation"),
            },
        )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.title == "Un titre plus clair"
