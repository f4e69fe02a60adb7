"""A territory team proposes a document; the facilitators validate it in the Wagtail workflow."""

import os

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import WorkflowState

from accounts import roles
from library.models import DocumentVersion, LibraryDocumentPage
from library.tests.helpers import PNG, raw, upload
from library.workflow import TASK_NAME, WORKFLOW_NAME
from taxonomy.models import DocumentKind
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/bibliotheque/proposer/"


@pytest.fixture
def world():
    territory = TerritoryFactory(name="Aville")
    return {
        "territory": territory,
        "member": MembershipFactory(territory=territory).user,
        "facilitator": UserFactory(roles=[roles.FACILITATOR]),
    }


def _data(world, file, **extra):
    return {
        "title": "Notre grille d’entretien",
        "summary": "La grille de nos rendez-vous des droits.",
        "kind": DocumentKind.objects.get(slug="outil").pk,
        "territory": world["territory"].pk,
        "access": "members",
        "published_on": "2025-02-01",
        "version_label": "v1",
        "file": file,
        **extra,
    }


def test_who_may_propose(client, world):
    assert client.get(URL).status_code == 302  # anonymous → login
    client.force_login(UserFactory())  # no territory
    response = client.get(URL)
    assert response.status_code == 403 and "rejoignez d’abord" in response.content.decode()
    client.force_login(world["member"])
    assert client.get(URL).status_code == 200


def test_errors_keep_what_was_typed_and_save_nothing(client, world, private_media):
    client.force_login(world["member"])
    response = client.post(URL, _data(world, raw("grille.pdf", PNG), notes="Nos notes"))
    content = response.content.decode()
    assert response.status_code == 400
    assert "ne correspond pas à son extension" in content
    assert 'value="Notre grille d’entretien"' in content.replace("&#x27;", "’")
    assert "La grille de nos rendez-vous des droits." in content and "Nos notes" in content
    assert not LibraryDocumentPage.objects.filter(title__startswith="Notre grille").exists()
    assert DocumentVersion.objects.count() == 0
    assert not any(files for _d, _s, files in os.walk(private_media))

    # Another field wrong, file right: the browser forgets the file, the page says so.
    response = client.post(URL, _data(world, upload("pdf"), title=""))
    content = response.content.decode()
    assert "Donnez un titre au document." in content
    assert "sélectionnez-le de nouveau" in content
    assert DocumentVersion.objects.count() == 0


def test_proposal_invisible_until_a_facilitator_approves(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(world["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(world, upload("docx", text="Grille Aville")))
    assert response.status_code == 302
    document = LibraryDocumentPage.objects.get(title="Notre grille d’entretien")
    assert not document.live and document.territory == world["territory"]
    assert document.origin == "territory" and document.owner == world["member"]
    state = document.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME
    assert state.current_task_state.task.name == TASK_NAME
    assert "Grille Aville" in document.versions.get().extracted_text
    # The facilitators are asked, in French, through the mailer.
    assert [m.to for m in mailoutbox] == [[world["facilitator"].email]]
    assert mailoutbox[0].subject.startswith(f"[{settings.SITE_NAME}] Document proposé à valider")
    # Invisible meanwhile, even to other logged-in people.
    client.force_login(MembershipFactory().user)
    assert "Notre grille" not in client.get("/bibliotheque/").content.decode()
    mailoutbox.clear()

    # A territory member may not approve; the facilitator does, in Wagtail's admin.
    task_state = document.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[document.pk, "approve", task_state.pk]
    )
    client.force_login(world["member"])
    client.post(url, {"comment": ""})
    assert not LibraryDocumentPage.objects.get(pk=document.pk).live
    client.force_login(world["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": ""})
    document = LibraryDocumentPage.objects.get(pk=document.pk)
    assert document.live
    assert [m.to for m in mailoutbox] == [[world["member"].email]]
    assert "est publié" in mailoutbox[0].subject
    client.force_login(MembershipFactory().user)
    assert "Notre grille" in client.get("/bibliotheque/").content.decode()


def test_changes_requested_tell_the_proposer(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(world["member"])
    client.post(URL, _data(world, upload("odt")))
    document = LibraryDocumentPage.objects.get(title="Notre grille d’entretien")
    task_state = document.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[document.pk, "reject", task_state.pk])
    client.force_login(world["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Précisez la date de mise à jour."})
    assert not LibraryDocumentPage.objects.get(pk=document.pk).live
    assert mailoutbox[-1].to == [world["member"].email]
    assert "Précisez la date de mise à jour." in mailoutbox[-1].body


def test_cannot_propose_for_another_territory(client, world):
    other = TerritoryFactory()
    client.force_login(world["member"])
    response = client.post(URL, _data(world, upload("pdf"), territory=other.pk))
    assert response.status_code == 400
    assert DocumentVersion.objects.count() == 0


def test_my_account_lists_my_proposed_documents_and_their_state(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["member"])
    assert "Mes propositions de documents" not in client.get("/mon-compte/").content.decode()
    client.post(URL, _data(world, upload("docx", text="Grille")))
    client.post(URL, _data(world, upload("odt"), title="Un second document"))
    body = client.get("/mon-compte/").content.decode()
    assert "Mes propositions de documents" in body
    assert body.count("En attente de validation") == 2

    documents = {d.title: d for d in LibraryDocumentPage.objects.filter(owner=world["member"])}
    client.force_login(world["facilitator"])
    for title, action in (
        ("Notre grille d’entretien", "approve"),
        ("Un second document", "reject"),
    ):
        document = documents[title]
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[document.pk, action, document.current_workflow_task_state.pk],
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"comment": "Précisez la date."})
    client.force_login(world["member"])
    body = client.get("/mon-compte/").content.decode()
    published = LibraryDocumentPage.objects.get(pk=documents["Notre grille d’entretien"].pk)
    assert f'href="{published.url}">Notre grille d’entretien</a>' in body
    assert "Publié" in body and "Modifications demandées" in body
    assert "En attente de validation" not in body
    # Nobody else sees them there.
    client.force_login(MembershipFactory(territory=world["territory"]).user)
    assert "Mes propositions de documents" not in client.get("/mon-compte/").content.decode()
