"""The sheet workflow: team submits → référent of the territory approves → facilitators publish,
with the e-mails of each step."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, Workflow, WorkflowState

from accounts import roles
from accounts.models import Membership
from practices.models import PracticeSheetPage, TerritoryReferentApprovalTask
from practices.tests.factories import PracticeSheetFactory
from practices.workflow import PUBLICATION_TASK_NAME, REFERENT_TASK_NAME, WORKFLOW_NAME
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = TerritoryFactory(name="Aville")
    other = TerritoryFactory(name="Bville")
    return {
        "own": own,
        "other": other,
        "author": MembershipFactory(territory=own, user__first_name="Awa").user,
        "referent": MembershipFactory(territory=own, role=Membership.Role.REFERENT).user,
        "other_referent": MembershipFactory(territory=other, role=Membership.Role.REFERENT).user,
        "facilitator": UserFactory(roles=[roles.FACILITATOR]),
    }


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """The author submits the sheet (a revision saved, then the workflow started)."""

    def _submit(sheet, user):
        with django_capture_on_commit_callbacks(execute=True):
            sheet.save_revision(user=user)
            return sheet.get_workflow().start(sheet, user)

    return _submit


@pytest.fixture
def act(client, django_capture_on_commit_callbacks):
    """POST a workflow action through Wagtail's admin view, as ``user``."""

    def _act(user, sheet, action, comment=""):
        sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
        task_state = sheet.current_workflow_task_state
        client.force_login(user)
        url = reverse("wagtailadmin_pages:workflow_action", args=[sheet.pk, action, task_state.pk])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"comment": comment})

    return _act


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_bootstrap_assigns_the_workflow_to_the_sheets(world):
    sheet = PracticeSheetFactory(territory=world["own"], live=False)
    workflow = sheet.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == [REFERENT_TASK_NAME, PUBLICATION_TASK_NAME]
    assert isinstance(tasks[0], TerritoryReferentApprovalTask)
    assert list(tasks[1].groups.values_list("name", flat=True)) == [roles.FACILITATOR]
    # Idempotent.
    from website.bootstrap import bootstrap_site

    bootstrap_site()
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1
    assert TerritoryReferentApprovalTask.objects.count() == 1


def test_submitted_sheet_is_sent_to_the_referents_of_its_territory(world, submit):
    sheet = PracticeSheetFactory(
        territory=world["own"], live=False, title="Un bus des droits", owner=world["author"]
    )
    state = submit(sheet, world["author"])
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.name == REFERENT_TASK_NAME
    # Only our e-mail, only to the référent of Aville (not Bville's, not the facilitators).
    assert recipients() == [world["referent"].email]
    message = mail.outbox[0]
    assert message.subject == (
        f"[{settings.SITE_NAME}] Fiche à valider : « Un bus des droits » (Aville)"
    )
    review_url = f"{settings.SITE_URL}/fiches/relecture/{sheet.pk}/"
    assert review_url in message.body
    assert review_url in message.alternatives[0][0]
    assert "Awa" in message.body


def test_without_referent_the_facilitators_are_asked(world, submit):
    lonely = TerritoryFactory(name="Cville")
    author = MembershipFactory(territory=lonely).user
    sheet = PracticeSheetFactory(territory=lonely, live=False, owner=author)
    submit(sheet, author)
    assert recipients() == [world["facilitator"].email]


def test_full_path_to_publication(client, world, submit, act):
    sheet = PracticeSheetFactory(
        territory=world["own"], live=False, title="Un bus des droits", owner=world["author"]
    )
    submit(sheet, world["author"])
    mail.outbox.clear()

    # During the review, the author may no longer edit; the référent may.
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    assert sheet.permissions_for_user(world["author"]).page_locked()
    assert not sheet.permissions_for_user(world["referent"]).page_locked()

    # Neither the author, nor the référent of another territory, nor a facilitator-less
    # stranger may approve the référent step.
    for intruder in (world["author"], world["other_referent"]):
        response = act(intruder, sheet, "approve")
        assert response.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    task_state = TaskState.objects.get(workflow_state__object_id=str(sheet.pk))
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert mail.outbox == []

    # The référent of the territory approves: the facilitators are told it is to be published.
    response = act(world["referent"], sheet, "approve")
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == world["referent"]
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    assert sheet.current_workflow_task.name == PUBLICATION_TASK_NAME
    assert not sheet.live
    assert recipients() == [world["facilitator"].email]
    assert "Fiche à publier : « Un bus des droits »" in mail.outbox[0].subject
    mail.outbox.clear()

    # The référent cannot publish.
    assert act(world["referent"], sheet, "approve").status_code in (302, 403)
    assert mail.outbox == []
    assert not PracticeSheetPage.objects.get(pk=sheet.pk).live

    # A facilitator approves the last step: the sheet is published, the author is told.
    response = act(world["facilitator"], sheet, "approve")
    assert response.status_code == 302
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    assert sheet.live
    assert sheet.current_workflow_state is None
    assert recipients() == [world["author"].email]
    message = mail.outbox[0]
    assert "Votre fiche « Un bus des droits » est publiée" in message.subject
    assert f"{settings.SITE_URL}{sheet.url}" in message.body
    client.logout()
    assert client.get(sheet.url).status_code == 200


def test_referent_requests_changes_and_the_author_gets_the_comment(
    world, submit, act, django_capture_on_commit_callbacks
):
    sheet = PracticeSheetFactory(
        territory=world["own"], live=False, title="Un bus des droits", owner=world["author"]
    )
    submit(sheet, world["author"])
    mail.outbox.clear()

    act(world["referent"], sheet, "reject", comment="Ajoutez les chiffres de 2024, merci.")
    state = WorkflowState.objects.get(object_id=str(sheet.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert recipients() == [world["author"].email]
    message = mail.outbox[0]
    assert message.subject.endswith(
        "Des modifications sont demandées sur votre fiche « Un bus des droits »"
    )
    assert "Ajoutez les chiffres de 2024, merci." in message.body
    assert "Ajoutez les chiffres de 2024, merci." in message.alternatives[0][0]
    assert f"/fiches/redaction/{sheet.pk}/" in message.body
    assert not PracticeSheetPage.objects.get(pk=sheet.pk).live
    mail.outbox.clear()

    # The author may edit again, then resubmits: the référents are asked again.
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    assert not sheet.permissions_for_user(world["author"]).page_locked()
    with django_capture_on_commit_callbacks(execute=True):
        state.resume(user=world["author"])
    assert recipients() == [world["referent"].email]


def test_facilitator_requests_changes_at_the_publication_step(world, submit, act):
    sheet = PracticeSheetFactory(territory=world["own"], live=False, owner=world["author"])
    submit(sheet, world["author"])
    act(world["referent"], sheet, "approve")
    mail.outbox.clear()
    act(world["facilitator"], sheet, "reject", comment="Le chapô est trop long.")
    assert recipients() == [world["author"].email]
    assert "Le chapô est trop long." in mail.outbox[0].body
    assert not PracticeSheetPage.objects.get(pk=sheet.pk).live


def test_facilitator_may_approve_the_referent_step_as_a_fallback(world, submit, act):
    sheet = PracticeSheetFactory(territory=world["own"], live=False, owner=world["author"])
    submit(sheet, world["author"])
    assert act(world["facilitator"], sheet, "approve").status_code == 302
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    assert sheet.current_workflow_task.name == PUBLICATION_TASK_NAME


def test_task_refuses_the_wrong_referent_through_the_api_too(world, submit):
    from django.core.exceptions import PermissionDenied

    sheet = PracticeSheetFactory(territory=world["own"], live=False, owner=world["author"])
    state = submit(sheet, world["author"])
    task_state = state.current_task_state
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, world["other_referent"], "approve")
    task_state.task.specific.on_action(task_state, world["referent"], "approve")
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED


def test_review_lists_show_each_referent_their_territory_only(client, world, submit):
    own_sheet = PracticeSheetFactory(
        territory=world["own"], live=False, title="Fiche d’Aville", owner=world["author"]
    )
    other_author = MembershipFactory(territory=world["other"]).user
    other_sheet = PracticeSheetFactory(
        territory=world["other"], live=False, title="Fiche de Bville", owner=other_author
    )
    submit(own_sheet, world["author"])
    submit(other_sheet, other_author)

    def reviewable(user):
        return {
            int(state.workflow_state.object_id) for state in TaskState.objects.reviewable_by(user)
        }

    assert reviewable(world["referent"]) == {own_sheet.pk}
    assert reviewable(world["other_referent"]) == {other_sheet.pk}
    assert reviewable(world["author"]) == set()
    assert reviewable(world["facilitator"]) == {own_sheet.pk, other_sheet.pk}

    client.force_login(world["referent"])
    dashboard = client.get("/admin/").content.decode()
    assert "Fiche d’Aville" in dashboard
    assert "Fiche de Bville" not in dashboard


def test_member_sees_the_submit_button_but_not_publish(client, world):
    sheet = PracticeSheetFactory(territory=world["own"], live=False, owner=world["author"])
    client.force_login(world["author"])
    content = client.get(f"/admin/pages/{sheet.pk}/edit/").content.decode()
    assert 'name="action-submit"' in content
    assert 'name="action-publish"' not in content


def test_wagtail_own_workflow_emails_are_replaced(world, submit, act):
    """Wagtail's synchronous English e-mails (to superusers, to the group of the task, to the
    author) are not sent for sheets: only ours, queued in the outbox."""
    from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

    from mailer.models import OutgoingEmail
    from practices.signals import WORKFLOW_EMAIL_RECEIVERS

    for signal in (task_submitted, workflow_approved, workflow_rejected):
        connected = [receiver for _key, receiver, *_rest in signal.receivers]
        assert connected and all(
            receiver in [handler for *_x, handler in WORKFLOW_EMAIL_RECEIVERS]
            for receiver in connected
        )
    UserFactory(is_superuser=True, is_staff=True)
    sheet = PracticeSheetFactory(territory=world["own"], live=False, owner=world["author"])
    submit(sheet, world["author"])
    act(world["referent"], sheet, "approve")
    act(world["facilitator"], sheet, "approve")
    assert len(mail.outbox) == 3
    assert all(message.subject.startswith(f"[{settings.SITE_NAME}]") for message in mail.outbox)
    assert OutgoingEmail.objects.count() == 3


def test_other_pages_keep_wagtail_notifications(world, django_capture_on_commit_callbacks):
    """A workflow on another page (not a sheet) still sends Wagtail's own e-mails."""
    from wagtail.models import GroupApprovalTask, WorkflowPage, WorkflowTask

    from website.models import HomePage

    home = HomePage.objects.get()
    page = home.get_children().get(slug="a-propos").specific
    task = GroupApprovalTask.objects.create(name="Relecture")
    task.groups.set(world["facilitator"].groups.all())
    workflow = Workflow.objects.create(name="Pages")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=page, workflow=workflow)
    author = UserFactory(roles=[roles.DGCS_ADMIN])
    page.save_revision(user=author)
    workflow.start(page, author)
    assert [message.to for message in mail.outbox] == [[world["facilitator"].email]]
