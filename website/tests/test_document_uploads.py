"""Every Wagtail document uploaded in the admin is checked by its content
(``website.document_forms``, ``WAGTAILDOCS_DOCUMENT_FORM_BASE``): the add view, the multiple
upload and the upload tab of the chooser refuse a fake PDF or a file too large, with a French
message saying why; a real file is accepted; editing a document without a new file still works."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from accounts import roles
from library import demo
from tests.factories import UserFactory
from website import uploads

pytestmark = pytest.mark.django_db

FAKE_PDF = b"Ceci est un simple texte, renomme en PDF.\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def facilitator(client):
    user = UserFactory(roles=[roles.FACILITATOR])
    client.force_login(user)
    return user


def real_pdf(name="compte-rendu.pdf"):
    return SimpleUploadedFile(name, demo.MAKERS["pdf"]("Compte rendu", 1))


def _add(client, file, title="Compte rendu"):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": file, "collection": Collection.get_first_root_node().pk},
    )


def _file_errors(response):
    return " ".join(response.context["form"].errors.get("file", []))


def test_the_admin_uses_our_form():
    from wagtail.documents.forms import get_document_form

    from website.document_forms import DocumentForm

    assert issubclass(get_document_form(get_document_model()), DocumentForm)


def test_a_real_pdf_is_accepted(client, facilitator):
    response = _add(client, real_pdf())
    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert document.title == "Compte rendu"
    assert document.file.name.endswith(".pdf")


def test_a_text_file_renamed_pdf_is_refused_at_the_field(client, facilitator):
    response = _add(client, SimpleUploadedFile("rapport.pdf", FAKE_PDF))
    assert response.status_code == 200
    message = _file_errors(response)
    assert message == (
        "Le contenu du fichier « rapport.pdf » est du texte, pas du PDF comme son extension "
        "l’indique. Renommez-le ou enregistrez-le au bon format."
    )
    assert not get_document_model().objects.exists()
    # Shown in the page, next to the field.
    assert "est du texte, pas du PDF" in response.content.decode()


def test_an_unknown_format_is_refused(client, facilitator):
    response = _add(client, SimpleUploadedFile("outil.exe", b"MZ\x90\x00"))
    assert response.status_code == 200
    assert _file_errors(response) == (
        "Les fichiers « .exe » ne sont pas acceptés. Formats acceptés : PDF, DOCX, ODT, XLSX, "
        "ODS et CSV."
    )
    assert not get_document_model().objects.exists()


def test_a_file_too_large_is_refused_with_the_limit(client, facilitator, settings):
    settings.UPLOAD_MAX_SIZE = 1000
    response = _add(client, SimpleUploadedFile("liste.csv", b"nom;commune\n" * 200))
    assert response.status_code == 200
    message = _file_errors(response).replace("\xa0", " ")
    assert message == "Le fichier pèse 2,3 Kio : la taille maximale est de 1000 octets."
    assert not get_document_model().objects.exists()


def test_the_form_tells_the_formats_and_the_limit(client, facilitator, settings):
    settings.UPLOAD_MAX_SIZE = 5 * 1024 * 1024
    page = client.get(reverse("wagtaildocs:add")).content.decode().replace("\xa0", " ")
    assert "Formats acceptés : PDF, DOCX, ODT, XLSX, ODS et CSV ; 5,0 Mio au plus." in page
    assert f'accept="{uploads.ACCEPT_ATTRIBUTE}"' in page


def test_editing_a_document_without_a_new_file_still_works(client, facilitator):
    _add(client, real_pdf())
    document = get_document_model().objects.get()
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Compte rendu corrigé", "collection": document.collection_id},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Compte rendu corrigé"
    # A fake file in its place is refused.
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Compte rendu",
            "collection": document.collection_id,
            "file": SimpleUploadedFile("autre.pdf", FAKE_PDF),
        },
    )
    assert response.status_code == 200
    assert "est du texte, pas du PDF" in _file_errors(response)


def _add_multiple(client, file):
    return client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": Collection.get_first_root_node().pk, "files[]": file},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def test_the_multiple_upload_refuses_a_fake_pdf_and_accepts_a_real_one(client, facilitator):
    refused = _add_multiple(client, SimpleUploadedFile("rapport.pdf", FAKE_PDF)).json()
    assert refused["success"] is False
    assert refused["error_message"].startswith(
        "Le contenu du fichier « rapport.pdf » est du texte, pas du PDF"
    )
    assert not get_document_model().objects.exists()

    accepted = _add_multiple(client, real_pdf()).json()
    assert accepted["success"] is True
    assert get_document_model().objects.count() == 1


def test_the_multiple_upload_page_checks_the_size_in_the_browser_too(client, facilitator, settings):
    settings.UPLOAD_MAX_SIZE = 1000
    page = client.get(reverse("wagtaildocs:add_multiple")).content.decode()
    assert "1000" in page  # the limit given to the uploader's script
    assert "Le fichier est trop lourd" in page
    refused = _add_multiple(client, SimpleUploadedFile("liste.csv", b"nom;commune\n" * 200))
    assert "la taille maximale est de 1000" in refused.json()["error_message"].replace("\xa0", " ")


def test_the_chooser_upload_refuses_a_fake_pdf(client, facilitator):
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Rapport",
            "document-chooser-upload-file": SimpleUploadedFile("rapport.pdf", FAKE_PDF),
            "document-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert "« rapport.pdf » est du texte, pas du PDF" in response.json()["htmlFragment"]
    assert not get_document_model().objects.exists()


def test_the_former_setting_name_is_still_read(settings):
    del settings.UPLOAD_MAX_SIZE
    settings.LIBRARY_MAX_UPLOAD_SIZE = 1234
    assert uploads.max_upload_size() == 1234
    settings.UPLOAD_MAX_SIZE = 4321
    assert uploads.max_upload_size() == 4321
