"""Versions: supersede, history, « version remplacée », duplicates, counts, nothing half-saved."""

import os

import pytest
from django.core.exceptions import ValidationError

from accounts import roles
from library.models import DocumentVersion, LibraryDocumentPage
from library.services import add_version
from library.tests.factories import LibraryDocumentFactory
from library.tests.helpers import PNG, raw, upload
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _files(root):
    return sorted(
        os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names
    )


def test_a_new_version_supersedes_the_previous_one(client):
    document = LibraryDocumentFactory(title="Guide")
    first = document.current_version
    second = add_version(document, upload("docx", text="Guide v2"), label="v2 — mars 2025")
    document = LibraryDocumentPage.objects.get(pk=document.pk)
    assert document.current_version == second and second.number == 2
    assert "Guide v2" in document.extracted_text
    content = client.get(document.url).content.decode()
    assert "Historique des versions" in content
    assert "Version remplacée" in content and "Version en vigueur" in content
    assert "v2 — mars 2025" in content
    # The old file stays downloadable.
    response = client.get(first.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_same_file_twice_is_refused_and_nothing_is_written(private_media):
    document = LibraryDocumentFactory(title="Guide")
    before = _files(private_media)
    again = upload("pdf", text="Guide")  # the very same bytes as the first version
    with pytest.raises(ValidationError) as info:
        add_version(document, again)
    assert "déjà été déposé pour ce document" in info.value.messages[0]
    assert DocumentVersion.objects.filter(document=document).count() == 1
    assert _files(private_media) == before


def test_the_same_file_may_belong_to_two_documents():
    one = LibraryDocumentFactory(title="Même fichier")
    two = LibraryDocumentFactory(title="Autre", with_file=False)
    add_version(two, upload("pdf", text="Même fichier"))
    assert one.current_version.sha256 == two.versions.get().sha256


def test_a_failure_while_saving_leaves_no_row_and_no_file(private_media, monkeypatch):
    document = LibraryDocumentFactory(title="Guide")
    before = _files(private_media)

    def boom(self, *args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(DocumentVersion, "save", boom)
    with pytest.raises(RuntimeError):
        add_version(document, upload("csv"))
    monkeypatch.undo()
    assert DocumentVersion.objects.filter(document=document).count() == 1
    assert _files(private_media) == before


def test_download_counts_per_version_and_document(client):
    document = LibraryDocumentFactory(title="Compté")
    version = document.current_version
    for _ in range(3):
        client.get(version.get_download_url())
    version.refresh_from_db()
    document.refresh_from_db()
    assert version.download_count == 3 and document.download_count == 3
    # Publishing a later revision does not bring the count back to zero.
    document.save_revision().publish()
    document.refresh_from_db()
    assert document.download_count == 3


def test_download_name_is_sanitised(client):
    document = LibraryDocumentFactory(title="Nom", with_file=False)
    version = add_version(document, raw('../Évaluation "finale".csv', b"a;b\n1;2\n"))
    response = client.get(version.get_download_url())
    assert 'filename="Evaluation-finale.csv"' in response["Content-Disposition"]


# --- « Ajouter une version » on the site ---------------------------------------------------------


def _post_version(client, document, file, **data):
    url = document.url + "nouvelle-version/"
    return client.post(url, {"published_on": "2025-03-01", "file": file, **data})


def test_facilitator_adds_a_version_directly(client):
    document = LibraryDocumentFactory(title="Guide")
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    response = _post_version(client, document, upload("odt"), version_label="v2")
    assert response.status_code == 302
    document = LibraryDocumentPage.objects.get(pk=document.pk)
    assert document.current_version.label == "v2"


def test_territory_team_proposes_a_version_that_waits_for_validation(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    territory = TerritoryFactory()
    facilitator = UserFactory(roles=[roles.FACILITATOR])
    document = LibraryDocumentFactory(title="Outil", territory=territory)
    member = MembershipFactory(territory=territory).user
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_version(client, document, upload("docx"), notes="Mise à jour")
    assert response.status_code == 302
    pending = document.versions.get(number=2)
    assert pending.is_pending
    assert LibraryDocumentPage.objects.get(pk=document.pk).current_version.number == 1
    assert [m.to for m in mailoutbox] == [[facilitator.email]]
    # The facilitator validates it in the admin: it becomes current, the author is told.
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/bibliotheque/versions/{pending.pk}/valider/", {})
    assert response.status_code == 302
    assert LibraryDocumentPage.objects.get(pk=document.pk).current_version == pending
    assert mailoutbox[-1].to == [member.email]
    assert "publiée" in mailoutbox[-1].subject


def test_refused_version_is_removed_with_its_file(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    territory = TerritoryFactory()
    document = LibraryDocumentFactory(title="Outil", territory=territory)
    member = MembershipFactory(territory=territory).user
    client.force_login(member)
    _post_version(client, document, upload("docx"))
    pending = document.versions.get(number=2)
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    path = pending.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/bibliotheque/versions/{pending.pk}/refuser/", {"comment": "Non"})
    assert not DocumentVersion.objects.filter(pk=pending.pk).exists()
    assert not os.path.exists(path)
    assert "refusée" in mailoutbox[-1].subject and "Non" in mailoutbox[-1].body


def test_others_may_not_add_versions(client):
    document = LibraryDocumentFactory(title="Guide", territory=TerritoryFactory())
    assert client.get(document.url + "nouvelle-version/").status_code == 302
    client.force_login(MembershipFactory().user)  # another territory
    response = _post_version(client, document, upload("pdf", text="autre"))
    assert response.status_code == 403
    assert document.versions.count() == 1


def test_version_form_errors_keep_the_typed_fields(client):
    document = LibraryDocumentFactory(title="Guide")
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    response = _post_version(
        client, document, raw("faux.pdf", PNG), version_label="Ma version", notes="Mes notes"
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "ne correspond pas à son extension" in content
    assert 'value="Ma version"' in content and "Mes notes" in content
    # Same file as the current version: refused with a clear message.
    response = _post_version(client, document, upload("pdf", text="Guide"))
    assert "déjà été déposé pour ce document" in response.content.decode()
    assert document.versions.count() == 1


def test_admin_versions_view(client):
    document = LibraryDocumentFactory(title="Guide")
    client.force_login(UserFactory(roles=[roles.DGCS_ADMIN]))
    url = f"/admin/bibliotheque/documents/{document.pk}/versions/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"published_on": "2025-01-02", "file": raw("x.docx", PNG)})
    assert response.status_code == 400
    assert "ne correspond pas" in response.content.decode()
    response = client.post(url, {"published_on": "2025-01-02", "file": upload("xlsx")})
    assert response.status_code == 302
    assert document.versions.count() == 2
    client.force_login(MembershipFactory().user)
    assert client.get(url).status_code in (302, 403)
