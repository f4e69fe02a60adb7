from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Membership
from reports import permissions, services
from reports.models import Report, ReportEvent
from reports.services import ReportError, ValueRow
from reports.tests.factories import ReportFactory
from taxonomy.models import ResultIndicator
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    territory = TerritoryFactory()
    member = MembershipFactory(territory=territory).user
    referent = MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user
    return territory, member, referent


def _row(slug, value, quarter=0):
    indicator = ResultIndicator.objects.get(slug=slug)
    return ValueRow(indicator.pk, quarter, None if value is None else Decimal(value), "CAF")


def test_the_team_drafts_sends_and_the_referent_validates(team):
    territory, member, referent = team
    report = services.start_report(territory, 2025, member)
    services.save_values(report, [_row("droits-ouverts", "120")], member)
    assert report.values.get().unit == "droits"
    services.submit(report, member)
    with pytest.raises(ReportError, match="attend la validation"):
        services.save_values(report, [_row("droits-ouverts", "130")], member)
    with pytest.raises(ReportError, match="référents"):
        services.validate(report, member)
    services.validate(report, referent)
    report.refresh_from_db()
    assert report.status == Report.Status.VALIDATED and report.validated_by == referent
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds == ["creation", "saisie", "envoi", "validation"]


def test_a_correction_is_a_new_version_and_replaces_the_old_one_once_validated(team):
    territory, member, referent = team
    old = ReportFactory(
        territory=territory, status=Report.Status.VALIDATED, values={"droits-ouverts": 120}
    )
    with pytest.raises(ReportError, match="raison"):
        services.open_correction(old, member, "  ")
    new = services.open_correction(old, member, "Doublons retirés")
    assert (new.version, new.corrects, new.status) == (2, old, Report.Status.DRAFT)
    assert services.current_report(territory, 2025) == new
    assert services.previous_values(new)[(_row("droits-ouverts", 1).indicator_id, 0)].value == 120
    services.save_values(new, [_row("droits-ouverts", "110")], member)
    services.submit(new, member)
    services.validate(new, referent)
    old.refresh_from_db()
    assert old.status == Report.Status.SUPERSEDED
    assert old.values.get().value == 120  # history kept
    assert old.events.filter(kind=ReportEvent.Kind.SUPERSEDED).exists()


def test_changes_requested_need_a_comment_and_reopen_the_form(team):
    territory, member, referent = team
    report = ReportFactory(
        territory=territory, status=Report.Status.SUBMITTED, values={"droits-ouverts": 1}
    )
    with pytest.raises(ReportError, match="reprendre"):
        services.request_changes(report, referent, "")
    services.request_changes(report, referent, "La source manque")
    assert permissions.can_edit(member, Report.objects.get(pk=report.pk))


def test_an_empty_report_cannot_be_sent_and_none_removes_a_value(team):
    territory, member, _referent = team
    report = services.start_report(territory, 2025, member)
    with pytest.raises(ReportError, match="aucune valeur"):
        services.submit(report, member)
    services.save_values(report, [_row("droits-ouverts", "5")], member)
    services.save_values(report, [_row("droits-ouverts", None)], member)
    assert not report.values.exists()


def test_only_one_open_and_one_validated_version_per_year(team):
    territory, _member, _referent = team
    ReportFactory(territory=territory)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(territory=territory, version=2)
    ReportFactory(territory=territory, version=3, status=Report.Status.VALIDATED)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(territory=territory, version=4, status=Report.Status.VALIDATED)


def test_who_sees_values_not_validated(team):
    territory, member, referent = team
    other_member = MembershipFactory().user
    draft = ReportFactory(territory=territory)
    validated = ReportFactory(territory=territory, year=2024, status=Report.Status.VALIDATED)
    commissioner = UserFactory(roles=["Commissaires"])
    facilitator = UserFactory(roles=["Animateurs"])
    for user, sees_draft in [
        (member, True),
        (referent, True),
        (facilitator, True),
        (other_member, False),
        (commissioner, False),
        (None, False),
    ]:
        visible = set(permissions.visible_reports(user)) if user else {validated}
        assert validated in visible
        assert (draft in visible) is sees_draft, user
        assert permissions.can_view_report(user, draft) is sees_draft
    assert not permissions.can_validate(commissioner, draft)
    assert not permissions.can_edit(other_member, draft)
