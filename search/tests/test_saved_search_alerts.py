"""The e-mail alerts of saved searches: only the new results the person may read, once per
period, the saved search's facets, future-dated documents, the task and its schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from search import saved
from search.tests.factories import SavedSearchFactory, SearchDocumentFactory
from search.tests.saved_helpers import CREATED, TUESDAY, emails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Alerts --------------------------------------------------------------------------------------


def test_alert_lists_only_new_results_the_person_may_read(person):
    item = SavedSearchFactory(user=person, created_at=CREATED)
    SearchDocumentFactory(title="Maraudes anciennes", date=TUESDAY - timedelta(days=10))
    SearchDocumentFactory(
        title="Planning des maraudes", text="Le jeudi soir.", date=TUESDAY - timedelta(days=1)
    )
    SearchDocumentFactory(
        title="Maraudes des référents", date=TUESDAY - timedelta(days=1), visibility="referents"
    )
    SearchDocumentFactory(
        title="Maraudes de l’équipe", date=TUESDAY - timedelta(days=1), visibility="territory:999"
    )
    SearchDocumentFactory(title="Atelier numérique", date=TUESDAY - timedelta(days=1))
    assert saved.send_alerts("daily", now=TUESDAY) == 1
    (email,) = emails()
    assert email.to == "paula@example.org"
    assert email.subject.endswith("« Maraudes » : 1 nouveau résultat")
    assert "Bonjour Paula," in email.body_text
    assert "Planning des maraudes" in email.body_text
    for hidden in ("anciennes", "référents", "l’équipe", "numérique"):
        assert hidden not in email.body_text and hidden not in email.body_html
    assert "http://" in email.body_text and "/recherche/?q=maraudes" in email.body_text
    assert "/recherche/enregistrees/desabonnement/" in email.body_text
    assert "Gérer mes recherches enregistrées" in email.body_html
    item.refresh_from_db()
    assert item.last_sent_at == TUESDAY


def test_alert_is_sent_once_a_day(person):
    item = SavedSearchFactory(user=person, created_at=CREATED)
    SearchDocumentFactory(title="Planning des maraudes", date=TUESDAY - timedelta(days=1))
    assert saved.send_alerts("daily", now=TUESDAY) == 1
    SearchDocumentFactory(title="Maraudes de midi", date=TUESDAY + timedelta(minutes=10))
    # A second run the same day (a retried task, a restarted beat): nothing.
    assert saved.send_alerts("daily", now=TUESDAY + timedelta(hours=2)) == 0
    assert len(emails()) == 1
    # The next day: only what is new since the last alert.
    assert saved.send_alerts("daily", now=TUESDAY + timedelta(days=1)) == 1
    last = emails()[-1]
    assert "Maraudes de midi" in last.body_text
    assert "Planning des maraudes" not in last.body_text
    item.refresh_from_db()
    assert item.last_sent_at == TUESDAY + timedelta(days=1)


def test_no_new_results_no_email(person):
    item = SavedSearchFactory(user=person, created_at=CREATED)
    SearchDocumentFactory(title="Maraudes anciennes", date=TUESDAY - timedelta(days=10))
    assert saved.send_alerts("daily", now=TUESDAY) == 0
    assert not emails()
    item.refresh_from_db()
    assert item.last_sent_at is None


def test_paused_inactive_and_other_frequency_are_skipped(person):
    SavedSearchFactory(user=person, is_active=False, created_at=CREATED)
    SavedSearchFactory(
        user=UserFactory(is_active=False), query_string="q=maraudes", created_at=CREATED
    )
    weekly = SavedSearchFactory(
        user=person, query_string="q=maraudes&type=fiche", frequency="weekly", created_at=CREATED
    )
    SearchDocumentFactory(title="Planning des maraudes", date=TUESDAY - timedelta(days=1))
    assert saved.send_alerts("daily", now=TUESDAY) == 0
    assert saved.send_alerts("weekly", now=TUESDAY) == 1
    assert [email.to for email in emails()] == ["paula@example.org"]
    weekly.refresh_from_db()
    assert weekly.last_sent_at == TUESDAY


def test_weekly_alert_once_a_week(person):
    SavedSearchFactory(user=person, frequency="weekly", created_at=CREATED)
    SearchDocumentFactory(title="Planning des maraudes", date=TUESDAY - timedelta(days=1))
    assert saved.send_alerts("weekly", now=TUESDAY) == 1
    SearchDocumentFactory(title="Maraudes de mercredi", date=TUESDAY + timedelta(days=1))
    assert saved.send_alerts("weekly", now=TUESDAY + timedelta(days=4)) == 0  # same week
    next_monday = TUESDAY + timedelta(days=6)
    assert saved.send_alerts("weekly", now=next_monday) == 1
    assert "Maraudes de mercredi" in emails()[-1].body_text


def test_facets_of_the_saved_search_apply(person):
    SavedSearchFactory(user=person, query_string="q=maraudes&type=discussion", created_at=CREATED)
    SearchDocumentFactory(title="Maraudes en fiche", date=TUESDAY - timedelta(days=1))
    SearchDocumentFactory(
        title="Maraudes en discussion", date=TUESDAY - timedelta(days=1), type="discussion"
    )
    saved.send_alerts(now=TUESDAY)
    (email,) = emails()
    assert "Maraudes en discussion" in email.body_text
    assert "Maraudes en fiche" not in email.body_text


def test_future_dated_documents_are_announced_once(person):
    SavedSearchFactory(user=person, created_at=CREATED)
    SearchDocumentFactory(
        title="Webinaire sur les maraudes", date=TUESDAY + timedelta(days=20), type="evenement"
    )
    assert saved.send_alerts(now=TUESDAY) == 1
    assert "Webinaire sur les maraudes" in emails()[0].body_text
    assert saved.send_alerts(now=TUESDAY + timedelta(days=1)) == 0
    SearchDocumentFactory(
        title="Nouveau planning des maraudes", date=TUESDAY + timedelta(days=1, hours=1)
    )
    assert saved.send_alerts(now=TUESDAY + timedelta(days=2)) == 1
    assert "Webinaire" not in emails()[-1].body_text


def test_many_results_are_summed_up(person):
    SavedSearchFactory(user=person, created_at=CREATED)
    for number in range(14):
        SearchDocumentFactory(
            title=f"Maraudes numéro {number}", date=TUESDAY - timedelta(hours=number + 1)
        )
    saved.send_alerts(now=TUESDAY)
    (email,) = emails()
    assert "14 nouveaux résultats" in email.subject
    assert email.body_text.count("\n- ") == saved.ALERT_SHOWN
    assert "… et 4 autres." in email.body_text


def test_task_and_beat_schedule(person, settings):
    from search import tasks

    SavedSearchFactory(user=person, created_at=CREATED)
    SearchDocumentFactory(
        title="Planning des maraudes", date=datetime.now(UTC) - timedelta(hours=1)
    )
    assert tasks.send_saved_search_alerts.apply(kwargs={"frequency": "daily"}).get() == 1
    assert tasks.send_saved_search_alerts.apply(kwargs={"frequency": "daily"}).get() == 0
    schedule = settings.CELERY_BEAT_SCHEDULE
    daily = schedule["search-saved-alerts-daily"]
    weekly = schedule["search-saved-alerts-weekly"]
    assert daily["task"] == weekly["task"] == "search.tasks.send_saved_search_alerts"
    assert daily["kwargs"] == {"frequency": "daily"}
    assert weekly["kwargs"] == {"frequency": "weekly"}
    assert (daily["schedule"].hour, daily["schedule"].minute) == ({7}, {30})
    assert weekly["schedule"].day_of_week == {1}
