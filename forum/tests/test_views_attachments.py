"""Files attached to forum posts: stored and shown, refused with a French message (nothing saved),
never public in restricted categories."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forum.links import thread_url
from forum.models import Attachment, Category, Post, Thread
from forum.tests.factories import CategoryFactory, ThreadFactory
from forum.tests.pages import content, pdf, png, textarea_value
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def test_attachments_are_stored_and_shown(client, question):
    client.force_login(UserFactory(old=True))
    response = client.post(
        thread_url(question),
        {
            "text": "Voici le compte rendu.",
            "attachments": [png("affiche.png"), pdf()],
            "alt_1": "Affiche de la réunion",
        },
        follow=True,
    )
    html = content(response)
    post = Post.objects.get(source="Voici le compte rendu.")
    image, document = post.attachments.order_by("pk")
    assert (image.name, image.content_type) == ("affiche.png", "image/png")
    assert (document.name, document.content_type) == ("compte-rendu.pdf", "application/pdf")
    assert not image.file.name.endswith("affiche.png")  # stored under a random name
    assert f'src="/forum/piece-jointe/{image.pk}/" alt="Affiche de la réunion"' in html
    assert f'href="/forum/piece-jointe/{document.pk}/"' in html and "compte-rendu.pdf" in html
    served = client.get(f"/forum/piece-jointe/{image.pk}/")
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    served = client.get(f"/forum/piece-jointe/{document.pk}/")
    assert served["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "faux.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
            ),
            "« faux.png » n’est pas accepté : joignez seulement des images (JPEG, PNG, GIF, "
            "WebP) ou des documents PDF.",
        ),
        (
            SimpleUploadedFile(
                "macro.docx", b"PK\x03\x04 word document", content_type="application/pdf"
            ),
            "« macro.docx » n’est pas accepté",
        ),
    ],
)
def test_forbidden_file_type_saves_nothing(client, question, upload, message):
    client.force_login(UserFactory(old=True))
    response = client.post(
        thread_url(question),
        {"text": "Mon texte avec pièce jointe", "attachments": [png(), upload]},
    )
    html = content(response)
    assert message in html
    assert textarea_value(html) == "Mon texte avec pièce jointe"
    assert "sélectionnez-les à nouveau" in html
    assert Post.objects.count() == 1 and not Attachment.objects.exists()


def test_oversized_and_too_many_files(client, question, settings):
    client.force_login(UserFactory(old=True))
    settings.FORUM_ATTACHMENT_MAX_BYTES = 50
    html = content(client.post(thread_url(question), {"text": "Texte", "attachments": [png()]}))
    assert "« photo.png » est trop lourd" in html
    settings.FORUM_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    files = [png(f"p{n}.png") for n in range(4)]
    html = content(client.post(thread_url(question), {"text": "Texte", "attachments": files}))
    assert "Joignez au plus 3 fichiers (vous en avez choisi 4)." in html
    assert Post.objects.count() == 1 and not Attachment.objects.exists()


def test_new_accounts_cannot_attach(client, question):
    from tests.factories import UserFactory

    client.force_login(UserFactory())  # joined just now
    html = content(client.post(thread_url(question), {"text": "Texte", "attachments": [png()]}))
    assert "ne peuvent pas encore joindre de fichiers" in html
    assert Post.objects.count() == 1


def test_new_thread_with_a_bad_file_saves_nothing(client, public, author):
    client.force_login(author)
    bad = SimpleUploadedFile("x.gif", b"GIF89a not really", content_type="image/gif")
    html = content(
        client.post(
            "/forum/entraide/nouvelle/",
            {
                "title": "Avec fichier",
                "kind": "question",
                "text": "Texte gardé",
                "attachments": [bad],
            },
        )
    )
    assert "« x.gif » n’est pas accepté" in html and textarea_value(html) == "Texte gardé"
    assert not Thread.objects.exists() and not Attachment.objects.exists()


def test_attachments_of_restricted_categories_are_not_public(client, author):
    members = CategoryFactory(slug="membres", visibility=Category.Visibility.MEMBERS)
    thread = ThreadFactory(author=author, category=members)
    client.force_login(author)
    client.post(thread_url(thread), {"text": "Photo", "attachments": [png()], "alt_1": "Photo"})
    attachment = Attachment.objects.get()
    client.logout()
    assert client.get(f"/forum/piece-jointe/{attachment.pk}/").status_code == 404
