"""After a decision on a sheet's workflow, the admin says what happened (practices.admin_messages),
from the edit page (Wagtail's edit view) and from the dashboard (the workflow action view) —
not Wagtail's « La page … a été mise à jour » whatever was decided."""

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts import roles
from accounts.models import Membership
from practices.models import PracticeSheetPage
from practices.tests.factories import PracticeSheetFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

TITLE = "Un bus des droits"
NBSP = "\u00a0"
SUBMITTED = f"Fiche envoyée pour validation («{NBSP}{TITLE}{NBSP}»)."
VALIDATED = f"Fiche validée{NBSP}: envoyée à l’équipe d’animation («{NBSP}{TITLE}{NBSP}»)."
CHANGES = f"Modifications demandées à l’équipe («{NBSP}{TITLE}{NBSP}»)."
PUBLISHED = f"Fiche publiée («{NBSP}{TITLE}{NBSP}»)."
# Wagtail's own confirmations, which ours replace.
WAGTAIL_WORDING = ("a été mise à jour", "soumise pour modération", "a été relancé")


@pytest.fixture
def world():
    territory = TerritoryFactory(name="Aville")
    return {
        "author": MembershipFactory(territory=territory).user,
        "referent": MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user,
        "facilitator": UserFactory(roles=[roles.FACILITATOR]),
        "sheet": PracticeSheetFactory(territory=territory, live=False, title=TITLE),
    }


def edit_form(sheet, **actions) -> dict:
    """The sheet's edit form as the admin posts it, plus the button pressed (``actions``)."""
    data = nested_form_data(
        {
            "title": sheet.title,
            "slug": sheet.slug,
            "summary": sheet.summary,
            "organisation": sheet.organisation,
            "action_status": sheet.action_status,
            "maturity": sheet.maturity,
            "context": rich_text(sheet.context),
            "actions": streamfield([("paragraph", rich_text("<p>Ce qui a été fait</p>"))]),
            "results": inline_formset([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    return {**data, **actions}


def shown(client, response) -> list[str]:
    """The messages the next page shows: the admin redirects after each action, and the page
    it goes to shows (and so consumes) the messages."""
    assert response.status_code == 302, response.context and [
        response.context["form"].errors,
        [formset.errors for formset in response.context["form"].formsets.values()],
    ]
    next_page = client.get(response.url, follow=True)
    assert next_page.status_code == 200
    return [str(message) for message in get_messages(next_page.wsgi_request)]


def _post_edit(client, user, sheet, **actions):
    client.force_login(user)
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    url = reverse("wagtailadmin_pages:edit", args=[sheet.pk])
    return shown(client, client.post(url, edit_form(sheet, **actions)))


def submit_from_edit_page(client, user, sheet):
    return _post_edit(client, user, sheet, **{"action-submit": "1"})


def decide_from_edit_page(client, user, sheet, action, comment=""):
    extra = {"comment": comment} if comment else {}
    return _post_edit(
        client,
        user,
        sheet,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps(extra),
        },
    )


def decide_from_dashboard(client, user, sheet, action, comment=""):
    client.force_login(user)
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    task_state = sheet.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[sheet.pk, action, task_state.pk])
    return shown(client, client.post(url, {"comment": comment}))


def assert_says(messages, expected):
    assert any(expected in message for message in messages), messages
    for wording in WAGTAIL_WORDING:
        assert not any(wording in message for message in messages), messages


def test_submission_says_the_sheet_is_sent(client, world):
    messages = submit_from_edit_page(client, world["author"], world["sheet"])
    assert_says(messages, SUBMITTED)
    sheet = PracticeSheetPage.objects.get(pk=world["sheet"].pk)
    assert sheet.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    # The button to the draft stays.
    assert reverse("wagtailadmin_pages:view_draft", args=[sheet.pk]) in messages[0]


@pytest.mark.parametrize("decide", [decide_from_dashboard, decide_from_edit_page])
def test_referent_approval_says_it_goes_to_the_facilitators(client, world, decide):
    submit_from_edit_page(client, world["author"], world["sheet"])
    messages = decide(client, world["referent"], world["sheet"], "approve")
    assert_says(messages, VALIDATED)
    assert PracticeSheetPage.objects.get(pk=world["sheet"].pk).current_workflow_task.name == (
        "Publication par l’équipe d’animation"
    )


@pytest.mark.parametrize("decide", [decide_from_dashboard, decide_from_edit_page])
def test_requesting_changes_says_so(client, world, decide):
    submit_from_edit_page(client, world["author"], world["sheet"])
    messages = decide(
        client, world["referent"], world["sheet"], "reject", comment="Ajoutez les chiffres."
    )
    assert_says(messages, CHANGES)
    state = WorkflowState.objects.get(object_id=str(world["sheet"].pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


@pytest.mark.parametrize("decide", [decide_from_dashboard, decide_from_edit_page])
def test_final_approval_says_the_sheet_is_published(client, world, decide):
    submit_from_edit_page(client, world["author"], world["sheet"])
    decide_from_dashboard(client, world["referent"], world["sheet"], "approve")
    messages = decide(client, world["facilitator"], world["sheet"], "approve")
    assert_says(messages, PUBLISHED)
    sheet = PracticeSheetPage.objects.get(pk=world["sheet"].pk)
    assert sheet.live
    assert sheet.url in messages[-1]  # « Voir la fiche »


def test_a_refused_action_says_nothing_of_ours(client, world):
    """The author may not approve their own sheet: no confirmation is made up."""
    submit_from_edit_page(client, world["author"], world["sheet"])
    client.force_login(world["author"])
    sheet = PracticeSheetPage.objects.get(pk=world["sheet"].pk)
    task_state = sheet.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[sheet.pk, "approve", task_state.pk])
    response = client.post(url)
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert not any("Fiche validée" in message for message in messages)
    assert sheet.current_workflow_task.name == "Validation par le référent du territoire"
