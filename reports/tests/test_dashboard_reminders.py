# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)
import pytest
from django.conf import settings
from django.contrib.messages import get_messages

from accounts.models import Membership
from mailer.models import OutgoingEmail
from reports.models import Report, ReportEvent, ReportReminder
from reports.tests.factories import ReportFactory
from reports.tests.test_dashboard_fixtures import (  # noqa: F401
    URL,
    campaigns,
    dgcs,
    dgcs_client,
)
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db
REMIND = URL + "relancer/"


@pytest.fixture
def team(db):
    territory = TerritoryFactory(name="Fictiville")
    member = MembershipFactory(territory=territory).user
    referent = MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user
    MembershipFactory(territory=territory, status=Membership.Status.PENDING)
    MembershipFactory(territory=territory, user=UserFactory(is_active=False))
    return territory, {member.email, referent.email}


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_first_post_asks_to_confirm_and_sends_nothing(dgcs_client, campaigns, team):
    territory, _emails = team
    response = dgcs_client.post(REMIND, {"territoire": territory.slug, "annee": 2025})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Relancer le territoire Fictiville pour le bilan 2025" in html
    assert "2 personnes recevront la relance" in html
    assert 'name="confirmer"' in html
    assert not OutgoingEmail.objects.exists() and not ReportReminder.objects.exists()


def test_the_reminder_goes_to_the_team_with_the_link_and_is_recorded(
    dgcs_client, campaigns, team, dgcs
):
    territory, emails = team
    report = ReportFactory(territory=territory, year=2025)
    response = dgcs_client.post(
        REMIND,
        {"territoire": territory.slug, "annee": 2025, "confirmer": "1", "retour": "annee=2025"},
    )
    assert response.status_code == 302
    assert response["Location"] == URL + "?annee=2025#completude"
    sent = OutgoingEmail.objects.all()
    assert {e.to for e in sent} == emails  # one each, accepted and active people only
    email = sent[0]
    assert "Bilan 2025 du territoire Fictiville" in email.subject
    link = f"{settings.SITE_URL}/bilans/{territory.slug}/2025/"
    assert link in email.body_text and link in email.body_html
    assert "faites partie de l’équipe du territoire Fictiville" in email.body_text
    assert "brouillon" in email.body_text
    reminder = ReportReminder.objects.get()
    assert (reminder.territory, reminder.year, reminder.recipients) == (territory, 2025, 2)
    assert reminder.sent_by == dgcs
    event = report.events.get(kind=ReportEvent.Kind.REMINDER)
    assert event.user == dgcs and "2 personnes" in event.comment
    assert "Relance du bilan 2025 envoyée à 2 personnes (Fictiville)." in _messages(response)


def test_not_twice_the_same_day(dgcs_client, campaigns, team):
    territory, _emails = team
    data = {"territoire": territory.slug, "annee": 2025, "confirmer": "1"}
    dgcs_client.post(REMIND, data)
    response = dgcs_client.post(REMIND, data)
    assert OutgoingEmail.objects.count() == 2 and ReportReminder.objects.count() == 1
    assert any("déjà été relancé aujourd’hui" in m for m in _messages(response))
    # Another year may still be reminded the same day.
    dgcs_client.post(REMIND, {**data, "annee": 2024})
    assert ReportReminder.objects.count() == 2


def test_a_territory_without_team_is_not_reminded(dgcs_client, campaigns):
    territory = TerritoryFactory(name="Désertville")
    MembershipFactory(territory=territory, status=Membership.Status.PENDING)
    data = {"territoire": territory.slug, "annee": 2025}
    html = dgcs_client.post(REMIND, data).content.decode()
    assert "aucune équipe inscrite" in html and 'name="confirmer"' not in html
    response = dgcs_client.post(REMIND, {**data, "confirmer": "1"})
    assert any("aucune équipe inscrite" in m for m in _messages(response))
    assert not OutgoingEmail.objects.exists() and not ReportReminder.objects.exists()


def test_remind_every_late_territory_of_a_year(dgcs_client, campaigns, team):
    late, emails = team
    ReportFactory(territory=late, year=2024, status=Report.Status.SUBMITTED)
    on_time = MembershipFactory().territory
    ReportFactory(territory=on_time, year=2024, status=Report.Status.VALIDATED)
    no_team = TerritoryFactory(name="Sans équipe")
    html = dgcs_client.post(REMIND, {"tous": "1", "annee": 2024}).content.decode()
    assert "Relancer les territoires en retard pour le bilan 2024" in html
    assert "Fictiville : 2 personnes recevront la relance" in html
    assert "Sans équipe n’a aucune équipe inscrite" in html
    assert on_time.name not in html
    response = dgcs_client.post(REMIND, {"tous": "1", "annee": 2024, "confirmer": "1"})
    assert {e.to for e in OutgoingEmail.objects.all()} == emails
    assert list(ReportReminder.objects.values_list("territory", flat=True)) == [late.pk]
    assert "en retard" in OutgoingEmail.objects.first().subject
    assert any(no_team.name in m for m in _messages(response))


def test_the_bulk_reminder_follows_the_filters_of_the_page(dgcs_client, campaigns, team):
    late, _emails = team
    elsewhere = MembershipFactory(territory=TerritoryFactory(cohort=2024)).territory
    dgcs_client.post(REMIND, {"tous": "1", "annee": 2024, "confirmer": "1", "retour": "vague=2024"})
    assert list(ReportReminder.objects.values_list("territory", flat=True)) == [elsewhere.pk]
    assert late.pk != elsewhere.pk


def test_a_year_without_campaign_is_refused_with_a_message(dgcs_client, campaigns, team):
    territory, _emails = team
    response = dgcs_client.post(REMIND, {"territoire": territory.slug, "annee": "deux"})
    assert response.status_code == 302
    assert "Choisissez l’année d’une campagne de bilans." in _messages(response)
    assert not ReportReminder.objects.exists()


def test_the_dashboard_offers_the_bulk_reminder_when_some_are_late(dgcs_client, campaigns, team):
    assert "Relancer tous les territoires en retard" not in dgcs_client.get(URL).content.decode()
    html = dgcs_client.get(URL + "?annee=2024").content.decode()
    assert "Relancer tous les territoires en retard pour le bilan 2024" in html
