# ruff: noqa: F811 - pytest fixtures imported from test_workflow
"""The guided form, continued: attachments, a concurrent save, sending for validation, editing
a published sheet, « M’en inspirer pour ma fiche », the preview, deleting a draft."""

import shutil
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from practices.models import PracticeSheetPage, Reuse
from practices.tests.factories import PracticeSheetFactory
from practices.tests.test_workflow import act, world  # noqa: F401 - fixtures
from practices.tests.writing import MINIMAL_ACTION, PDF, fresh, latest, post_step, propose, step_url
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings):
    root = Path(settings.BASE_DIR) / "test-artifacts" / "media" / uuid.uuid4().hex
    settings.MEDIA_ROOT = str(root)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def draft(client, world):  # noqa: F811
    client.force_login(world["author"])
    propose(client)
    return PracticeSheetPage.objects.get(title=MINIMAL_ACTION["title"])


def complete(client, sheet):
    post_step(client, sheet, "ce-qui-a-ete-fait", {"context": "Le contexte.", "done": "Le bus."})


def upload(client, sheet, content=PDF, name="bilan.pdf", **data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return post_step(client, sheet, "pieces-jointes-et-contacts", {"upload": file, **data})


def test_a_fake_file_is_refused_with_its_reason(client, draft):
    response = upload(client, draft, content=b"pas un PDF du tout", name="faux.pdf")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cette étape n’est pas enregistrée" in html
    assert "PDF" in html.split("fr-error-text", 1)[1][:400]
    assert not latest(draft).attachments.all()


def test_a_draft_attachment_is_for_the_team_only_until_publication(client, world, draft):  # noqa: F811
    response = upload(client, draft, upload_title="Bilan 2024")
    assert response.status_code == 302
    line = latest(draft).attachments.get()
    assert line.title == "Bilan 2024"
    url = line.document.url
    assert client.get(url).status_code == 200  # the author
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(world["other_referent"])
    assert client.get(url).status_code == 404
    client.force_login(world["referent"])
    assert client.get(url).status_code == 200
    # Taken off the draft: still the team's only.
    client.force_login(world["author"])
    post_step(client, draft, "pieces-jointes-et-contacts", {"retirer_fichier": "0"})
    assert not latest(draft).attachments.all()


def test_a_second_tab_never_overwrites_silently(client, world, draft):  # noqa: F811
    opened_at = fresh(draft).latest_revision_id
    post_step(client, draft, "ce-qui-a-ete-fait", {"context": "Version de l’onglet 1", "done": "A"})
    response = post_step(
        client,
        draft,
        "ce-qui-a-ete-fait",
        {"context": "Version de l’onglet 2", "done": "B"},
        revision=opened_at,
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Quelqu’un a modifié la fiche entre-temps" in html
    assert "Version de l’onglet 2" in html  # what was typed is still there
    assert "Version de l’onglet 1" in latest(draft).context
    newer = fresh(draft).latest_revision_id
    response = post_step(
        client,
        draft,
        "ce-qui-a-ete-fait",
        {"context": "Version de l’onglet 2", "done": "B"},
        revision=opened_at,
        ecraser=newer,
    )
    assert response.status_code == 302
    assert "Version de l’onglet 2" in latest(draft).context


def test_sending_needs_a_complete_sheet_and_a_confirmation(
    client,
    world,
    draft,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    send_url = reverse("practices:write_send", args=[draft.pk])
    html = client.get(send_url).content.decode()
    assert "À compléter" in html and "Envoyer pour validation" not in html
    complete(client, draft)
    html = client.post(send_url, {"envoyer": "1"}).content.decode()
    assert "Envoyer la fiche pour validation ?" in html
    submit_url = reverse("practices:write_submit", args=[draft.pk])
    client.post(submit_url, {})  # no confirmation: nothing happens
    assert fresh(draft).current_workflow_state is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url, {"confirmer": "1"}, follow=True)
    assert "Fiche envoyée pour validation" in response.content.decode()
    state = fresh(draft).current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert world["referent"].email in [address for m in mail.outbox for address in m.to]
    # In validation: the team can no longer change it.
    response = post_step(client, draft, "ce-qui-a-ete-fait", {"context": "X", "done": "Y"})
    assert response.status_code == 409
    assert "en validation" in response.content.decode()


def test_after_changes_requested_the_team_fixes_and_sends_again(
    client,
    world,
    draft,
    act,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    complete(client, draft)
    client.post(reverse("practices:write_submit", args=[draft.pk]), {"confirmer": "1"})
    act(world["referent"], draft, "reject", comment="Ajoutez le contexte chiffré.")
    assert fresh(draft).current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    client.force_login(world["author"])
    response = post_step(
        client, draft, "ce-qui-a-ete-fait", {"context": "42 % de non-recours.", "done": "Le bus."}
    )
    assert response.status_code == 302
    html = client.get(reverse("practices:write_send", args=[draft.pk])).content.decode()
    assert "Renvoyer pour validation" in html
    client.post(reverse("practices:write_submit", args=[draft.pk]), {"confirmer": "1"})
    state = fresh(draft).current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision.as_object().context.startswith("<p>42 %")


def test_editing_a_published_sheet_keeps_the_published_version_online(client, world):  # noqa: F811
    sheet = PracticeSheetFactory(territory=world["own"], title="Le bus publié")
    client.force_login(world["author"])
    response = client.get(sheet.url)
    assert reverse("practices:write", args=[sheet.pk]) in response.content.decode()
    post_step(client, sheet, "action", {**MINIMAL_ACTION, "title": "Le bus, version 2"})
    row = fresh(sheet)
    assert row.live and row.title == "Le bus publié" and row.has_unpublished_changes
    assert latest(sheet).title == "Le bus, version 2"
    client.logout()
    assert "Le bus publié" in client.get(sheet.url).content.decode()


def test_inspired_by_another_territory(client, world):  # noqa: F811
    source = PracticeSheetFactory(
        territory=world["other"],
        title="Le porte-à-porte",
        barriers=["mobilite"],
        results=[("droits-ouverts", 12)],
    )
    client.force_login(world["author"])
    assert reverse("practices:inspire", args=[source.pk]) in client.get(source.url).content.decode()
    response = client.post(
        reverse("practices:inspire", args=[source.pk]), {"territory": world["own"].pk}
    )
    copy = PracticeSheetPage.objects.exclude(pk=source.pk).get(title="Le porte-à-porte")
    assert response["Location"] == step_url(copy, "action")
    assert copy.territory == world["own"] and not copy.live
    draft = latest(copy)
    assert [b.slug for b in draft.barriers.all()] == ["mobilite"]
    assert not draft.results.all()
    reuse = Reuse.objects.get(sheet=source, territory=world["own"])
    assert reuse.own_sheet_id == copy.pk


def test_the_preview_is_the_public_page_for_the_team_only(client, world, draft):  # noqa: F811
    complete(client, draft)
    url = reverse("practices:write_preview", args=[draft.pk])
    html = client.get(url).content.decode()
    assert "Aperçu : cette version de la fiche n’est pas publiée." in html
    assert MINIMAL_ACTION["summary"] in html and "Le contexte." in html
    client.force_login(world["other_referent"])
    assert client.get(url).status_code == 404


def test_deleting_a_draft(client, world, draft):  # noqa: F811
    upload(client, draft)
    document = latest(draft).attachments.get().document
    url = reverse("practices:write_discard", args=[draft.pk])
    assert "Supprimer le brouillon" in client.get(url).content.decode()
    client.post(url)
    assert not PracticeSheetPage.objects.filter(pk=draft.pk).exists()
    assert not type(document).objects.filter(pk=document.pk).exists()


def test_people_outside_the_team_cannot_open_a_draft(client, world, draft):  # noqa: F811
    for user in (
        UserFactory(),
        world["other_referent"],
        MembershipFactory(territory=world["other"]).user,
    ):
        client.force_login(user)
        assert client.get(step_url(draft, "action")).status_code == 404
        assert post_step(client, draft, "action", MINIMAL_ACTION).status_code == 404


def test_the_queries_of_a_step_are_pinned(client, draft, django_assert_max_num_queries):
    from taxonomy.models import Barrier

    post_step(
        client,
        draft,
        "publics-et-freins",
        {"barriers": list(Barrier.objects.values_list("pk", flat=True)[:3])},
    )
    with django_assert_max_num_queries(60):
        response = post_step(
            client, draft, "ce-qui-a-ete-fait", {"context": "Le contexte.", "done": "Le bus."}
        )
    assert response.status_code == 302


def test_a_step_sent_after_the_session_expired_is_not_lost(client, world, draft):  # noqa: F811
    revision = fresh(draft).latest_revision_id
    client.logout()  # the session expired
    url = step_url(draft, "ce-qui-a-ete-fait")
    data = {"revision": revision, "suivant": "1", "context": "Tapé avant l’expiration", "done": "B"}
    response = client.post(url, data)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    assert fresh(draft).latest_revision_id == revision  # nothing saved for nobody
    client.force_login(world["author"])
    html = client.get(url).content.decode()
    assert "Votre session avait expiré" in html
    assert "Tapé avant l’expiration" in html
    assert f'name="revision" value="{revision}"' in html
    assert "Tapé avant l’expiration" not in client.get(url).content.decode()  # shown once
