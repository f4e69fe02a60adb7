"""Sending (with its confirmation), validating, sending back, correcting: who may, what is
refused, the e-mails (after the commit) and who receives them."""

# ruff: noqa: F811 - the fixtures are imported, then asked for by name

import pytest
from django.core import mail

from accounts.models import Membership
from reports.models import Report, ReportEvent
from reports.tests.factories import ReportFactory
from reports.tests.test_workflow_index import html, world  # noqa: F401 - fixture
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

BASE = "/bilans/aville/2025/"


@pytest.fixture
def draft(world):
    return ReportFactory(territory=world["own"], values={"droits-ouverts": 12})


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(user, action, data=None, base=BASE):
        client.force_login(user)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"{base}{action}/", data or {})

    return _post


def test_sending_asks_first_and_lists_the_empty_indicators(client, world, draft, post):
    response = post(world["member"], "envoyer")
    assert response.status_code == 200
    body = html(response)
    assert "8 indicateurs n’ont pas de valeur" in body and "Professionnels formés</li>" in body
    assert "Droits ouverts</li>" not in body
    assert "Oui, envoyer pour validation" in body
    assert Report.objects.get(pk=draft.pk).status == Report.Status.DRAFT
    assert mail.outbox == []


def test_sent_the_referents_are_told_never_the_sender(world, draft, post):
    other_referent = MembershipFactory(
        territory=world["own"], role=Membership.Role.REFERENT, user__email="autre@aville.test"
    ).user
    response = post(world["referent"], "envoyer", {"confirmer": "1"})
    assert response["Location"] == BASE
    assert Report.objects.get(pk=draft.pk).status == Report.Status.SUBMITTED
    assert [m.to for m in mail.outbox] == [[other_referent.email]]
    message = mail.outbox[0]
    assert message.subject.endswith("Bilan 2025 à valider\u00a0: Aville")
    assert "http://" in message.body and "/bilans/aville/2025/" in message.body
    assert "/bilans/aville/2025/" in message.alternatives[0][0]


def test_without_referent_the_facilitators_are_told(world, post):
    ReportFactory(territory=world["other"], values={"droits-ouverts": 3})
    response = post(
        world["other_member"], "envoyer", {"confirmer": "1"}, base="/bilans/bville/2025/"
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[world["facilitator"].email]]
    assert "n’a pas de référent" in mail.outbox[0].body


def test_an_empty_report_is_not_sent(world, post):
    ReportFactory(territory=world["own"])
    response = post(world["member"], "envoyer", {"confirmer": "1"})
    assert response.status_code == 302
    assert Report.objects.get().status == Report.Status.DRAFT
    assert mail.outbox == []


def test_the_referent_validates_and_the_team_is_told(client, world, draft, post):
    post(world["member"], "envoyer", {"confirmer": "1"})
    response = post(world["referent"], "decision", {"decision": "valider", "comment": ""})
    assert response["Location"] == BASE
    draft.refresh_from_db()
    assert draft.status == Report.Status.VALIDATED and draft.validated_by == world["referent"]
    assert [m.to for m in mail.outbox] == [[world["member"].email]]
    assert "Bilan 2025 validé\u00a0: Aville" in mail.outbox[0].subject
    body = html(client.get(BASE))
    assert "Bilan validé. L’équipe du territoire est prévenue par e-mail." in body


def test_sending_back_needs_a_comment_which_reaches_the_team(client, world, draft, post):
    post(world["member"], "envoyer", {"confirmer": "1"})
    response = post(world["referent"], "decision", {"decision": "renvoyer", "comment": "  "})
    assert response.status_code == 400
    body = html(response)
    assert 'role="alert"' in body and 'href="#decision-commentaire"' in body
    assert "Dites à l’équipe ce qu’il faut reprendre." in body
    assert Report.objects.get(pk=draft.pk).status == Report.Status.SUBMITTED
    response = post(
        world["referent"], "decision", {"decision": "renvoyer", "comment": "La source manque"}
    )
    assert Report.objects.get(pk=draft.pk).status == Report.Status.CHANGES_REQUESTED
    assert [m.to for m in mail.outbox] == [[world["member"].email]]
    assert "La source manque" in mail.outbox[0].body
    assert "/bilans/aville/2025/saisir/" in mail.outbox[0].body
    client.force_login(world["member"])
    body = html(client.get(BASE))
    assert "Bilan à reprendre" in body and "«\u00a0La source manque\u00a0»" in body


@pytest.mark.parametrize("person", ["member", "other_member", "commissioner", "facilitator"])
def test_only_referents_decide(world, draft, post, person):
    post(world["member"], "envoyer", {"confirmer": "1"})
    response = post(world[person], "decision", {"decision": "valider"})
    assert response.status_code == 403
    if person in ("member", "facilitator"):  # the others do not even see the draft
        assert "Seuls les référents du territoire « Aville » peuvent valider son bilan." in html(
            response
        )
    assert Report.objects.get(pk=draft.pk).status == Report.Status.SUBMITTED
    assert mail.outbox == []


def test_the_dgcs_may_validate_and_decisions_are_posts(client, world, draft, post):
    post(world["member"], "envoyer", {"confirmer": "1"})
    client.force_login(world["referent"])
    assert client.get(f"{BASE}decision/").status_code == 405
    assert client.get(f"{BASE}corriger/").status_code == 405
    response = post(world["dgcs"], "decision", {"decision": "valider"})
    assert response.status_code == 302
    assert Report.objects.get(pk=draft.pk).status == Report.Status.VALIDATED


def test_a_correction_needs_a_reason_and_opens_a_new_version(client, world, post):
    validated = ReportFactory(
        territory=world["own"], status=Report.Status.VALIDATED, values={"droits-ouverts": 9}
    )
    assert post(world["commissioner"], "corriger", {"reason": "x"}).status_code == 403
    response = post(world["member"], "corriger", {"reason": ""})
    assert response.status_code == 400
    assert "Indiquez la raison de la correction" in html(response)
    assert 'href="#correction-raison"' in html(response)
    response = post(world["member"], "corriger", {"reason": "Doublons retirés"})
    assert response["Location"] == BASE
    correction = Report.objects.get(version=2)
    assert correction.corrects == validated and correction.correction_reason == "Doublons retirés"
    assert correction.events.get().kind == ReportEvent.Kind.CORRECTION
    body = html(client.get(BASE))
    assert "Correction ouverte (version 2)" in body
    # A second correction while one is open: refused.
    response = post(world["member"], "corriger", {"reason": "Encore"})
    assert response.status_code == 403
    assert Report.objects.count() == 2
