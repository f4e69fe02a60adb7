"""The review desks of « Mon compte »: « Fiches à valider » for the référents of the sheet's
territory, « Fiches à publier » for the facilitators once a référent approved."""

import pytest

from practices.tests.factories import PracticeSheetFactory
from practices.tests.test_workflow import act, submit, world  # noqa: F401, F811 - fixtures

pytestmark = pytest.mark.django_db


def _account(client, user) -> str:
    client.force_login(user)
    response = client.get("/mon-compte/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_sheet_goes_from_the_referents_desk_to_the_facilitators(
    client,
    world,  # noqa: F811
    submit,  # noqa: F811
    act,  # noqa: F811
):
    sheet = PracticeSheetFactory(
        territory=world["own"], title="Un bus des droits", owner=world["author"], live=False
    )
    submit(sheet, world["author"])

    page = _account(client, world["referent"])
    assert "Fiches à valider" in page
    row = page.split("Un bus des droits", 1)[1].split("</tr>", 1)[0]
    assert "Awa" in row  # sent by
    assert "aujourd’hui" in row
    assert f"/fiches/relecture/{sheet.pk}/" in row  # the review on the site
    for person in ("other_referent", "author"):
        assert "Un bus des droits" not in _account(client, world[person]).split("Mes fiches")[0]
    # Facilitators may decide in the référents' stead (the workflow task's rule): they see it.
    assert "Fiches à valider" in _account(client, world["facilitator"])

    act(world["referent"], sheet, "approve")
    assert "Fiches à valider" not in _account(client, world["referent"])
    page = _account(client, world["facilitator"])
    assert "Fiches à publier" in page
    assert "Fiches à valider" not in page
    assert "Un bus des droits" in page


def test_nobody_has_a_desk_when_nothing_waits(client, world):  # noqa: F811
    for person in ("referent", "facilitator", "author"):
        page = _account(client, world[person])
        assert "Fiches à valider" not in page
        assert "Fiches à publier" not in page


def test_a_sheet_waiting_a_week_is_recalled_to_its_referents(  # noqa: F811
    world,  # noqa: F811
    submit,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone
    from wagtail.models import TaskState

    from practices.tasks import remind_waiting_reviews

    settings.SHEET_REVIEW_REMINDER_DAYS = 7
    sheet = PracticeSheetFactory(
        territory=world["own"], title="Un bus des droits", owner=world["author"], live=False
    )
    submit(sheet, world["author"])
    state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    for days, reminded in ((3, False), (7, True), (8, False), (14, True)):
        TaskState.objects.filter(pk=state.pk).update(
            started_at=timezone.now() - timedelta(days=days, hours=1)
        )
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert remind_waiting_reviews() == int(reminded)
        if reminded:
            assert [message.to for message in mail.outbox] == [[world["referent"].email]]
            message = mail.outbox[0]
            assert f"En attente depuis {days} jours : « Un bus des droits »" in message.subject
            assert f"/fiches/relecture/{sheet.pk}/" in message.body
        else:
            assert mail.outbox == []
    settings.SHEET_REVIEW_REMINDER_DAYS = 0
    assert remind_waiting_reviews() == 0
