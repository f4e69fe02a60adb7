"""Saved searches: saving from /recherche/, the pages under /recherche/enregistrees/ (own ones
only), French form errors, the « Mon compte » section, and the e-mail alerts (permissions,
content, idempotence, future-dated documents)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from mailer.models import OutgoingEmail
from search import backends, saved
from search.models import SavedSearch, SearchDocument
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Tuesday 2026-11-24, 7:30 in Paris.
TUESDAY = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)


def document(title, text="", *, date, visibility="public", type="fiche", facets=None):
    number = SearchDocument.objects.count() + 1000
    row = SearchDocument.objects.create(
        content_type=ContentType.objects.get_for_model(SearchDocument),
        object_id=number,
        type=type,
        title=title,
        text=text,
        url=f"/contenu/{number}/",
        facets={"type": [type], **(facets or {})},
        visibility=visibility,
        date=date,
        year=date.year,
    )
    backends.get_database_backend().index([row])
    return row


@pytest.fixture
def person():
    return UserFactory(first_name="Paula", email="paula@example.org")


def saved_search(user, query_string="q=maraudes", *, frequency="daily", created=None, **kwargs):
    item = SavedSearch.objects.create(
        user=user, name="Maraudes", query_string=query_string, frequency=frequency, **kwargs
    )
    SavedSearch.objects.filter(pk=item.pk).update(created_at=created or TUESDAY - timedelta(days=3))
    item.refresh_from_db()
    return item


# --- Saving from the search page -----------------------------------------------------------------


def test_search_page_offers_to_save_for_logged_in_people(client, person):
    client.force_login(person)
    response = client.get("/recherche/", {"q": "maraudes", "type": "fiche"})
    content = response.content.decode()
    assert "Enregistrer cette recherche" in content
    assert 'name="query_string" value="q=maraudes&amp;type=fiche"' in content
    assert reverse("search:saved_create") in content
    # Nothing to save on the bare page.
    assert "Enregistrer cette recherche" not in client.get("/recherche/").content.decode()


def test_search_page_invites_anonymous_people_to_log_in(client):
    content = client.get("/recherche/", {"q": "maraudes"}).content.decode()
    assert "Se connecter pour l’enregistrer" in content
    assert "next=%2Frecherche%2F%3Fq%3Dmaraudes" in content
    assert 'name="query_string"' not in content


def test_save_a_search(client, person):
    client.force_login(person)
    response = client.post(
        reverse("search:saved_create"),
        {
            "name": "  Maraudes   du soir ",
            "frequency": "daily",
            "query_string": "type=fiche&q=maraudes&type=inconnu&page=4",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("search:saved_list")
    item = SavedSearch.objects.get(user=person)
    assert item.name == "Maraudes du soir"
    assert item.frequency == "daily" and item.is_active
    assert parse_qs(item.query_string) == {"q": ["maraudes"], "type": ["fiche"]}
    listing = client.get(reverse("search:saved_list")).content.decode()
    assert "Maraudes du soir" in listing
    assert "La recherche « Maraudes du soir » est enregistrée." in listing
    # The search page now says it is saved.
    content = client.get("/recherche/", {"q": "maraudes", "type": "fiche"}).content.decode()
    assert "Vous avez enregistré cette recherche sous le nom « Maraudes du soir »" in content


def test_new_search_form_prefilled_from_the_url(client, person):
    client.force_login(person)
    content = client.get(reverse("search:saved_create"), {"q": "numérique"}).content.decode()
    assert 'value="« numérique »"' in content
    assert content.count("<h1") == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "", "frequency": "daily", "query_string": "q=maraudes"},
            "Donnez un nom à cette recherche.",
        ),
        (
            {"name": "   ", "frequency": "daily", "query_string": "q=maraudes"},
            "Donnez un nom à cette recherche.",
        ),
        (
            {"name": "x" * 101, "frequency": "daily", "query_string": "q=maraudes"},
            "Le nom ne doit pas dépasser 100 caractères.",
        ),
        (
            {"name": "Tout", "frequency": "hourly", "query_string": "q=maraudes"},
            "Choisissez la fréquence des e-mails.",
        ),
        (
            {"name": "Vide", "frequency": "daily", "query_string": "type=inconnu"},
            "Cette recherche est vide",
        ),
    ],
)
def test_form_errors_in_french_keep_what_was_typed(client, person, data, message):
    client.force_login(person)
    response = client.post(reverse("search:saved_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "La recherche n’est pas enregistrée" in content
    if data["name"].strip():
        assert data["name"][:100] in content
    assert not SavedSearch.objects.exists()


def test_duplicate_and_limit(client, person):
    client.force_login(person)
    saved_search(person, "q=maraudes")
    response = client.post(
        reverse("search:saved_create"),
        {"name": "Encore", "frequency": "weekly", "query_string": "q=maraudes"},
    )
    assert "Vous avez déjà enregistré cette recherche sous le nom « Maraudes »." in (
        response.content.decode()
    )
    SavedSearch.objects.bulk_create(
        [
            SavedSearch(user=person, name=f"R{n}", query_string=f"q=mot{n}")
            for n in range(saved.MAX_PER_USER - 1)
        ]
    )
    response = client.post(
        reverse("search:saved_create"),
        {"name": "Une de trop", "frequency": "weekly", "query_string": "q=autre"},
    )
    assert "le maximum : supprimez-en une" in response.content.decode()
    assert SavedSearch.objects.filter(user=person).count() == saved.MAX_PER_USER


# --- Managing them -------------------------------------------------------------------------------


def test_pages_need_login(client, person):
    item = saved_search(person)
    for url in (
        reverse("search:saved_list"),
        reverse("search:saved_create"),
        reverse("search:saved_edit", args=[item.pk]),
        reverse("search:saved_delete", args=[item.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login") + "?next="), url


def test_nobody_touches_another_persons_search(client, person):
    item = saved_search(person)
    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("search:saved_edit", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("search:saved_edit", args=[item.pk]), {"name": "Piraté", "frequency": "daily"}
        ).status_code
        == 404
    )
    assert client.post(reverse("search:saved_toggle", args=[item.pk])).status_code == 404
    assert client.post(reverse("search:saved_delete", args=[item.pk])).status_code == 404
    assert "Maraudes" not in client.get(reverse("search:saved_list")).content.decode()
    item.refresh_from_db()
    assert (item.name, item.is_active) == ("Maraudes", True)


def test_edit_pause_resume_delete(client, person):
    item = saved_search(person)
    client.force_login(person)
    response = client.post(
        reverse("search:saved_edit", args=[item.pk]),
        {"name": "Maraudes (hebdo)", "frequency": "weekly"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    # is_active unchecked in the form: paused.
    assert (item.name, item.frequency, item.is_active) == ("Maraudes (hebdo)", "weekly", False)
    client.post(reverse("search:saved_toggle", args=[item.pk]))
    item.refresh_from_db()
    assert item.is_active
    assert client.get(reverse("search:saved_toggle", args=[item.pk])).status_code == 405
    confirm = client.get(reverse("search:saved_delete", args=[item.pk]))
    assert "Supprimer la recherche" in confirm.content.decode()
    assert SavedSearch.objects.filter(pk=item.pk).exists()
    client.post(reverse("search:saved_delete", args=[item.pk]))
    assert not SavedSearch.objects.filter(pk=item.pk).exists()


def test_list_is_paginated_with_an_empty_state(client, person, django_assert_max_num_queries):
    client.force_login(person)
    empty = client.get(reverse("search:saved_list")).content.decode()
    assert "Vous n’avez encore enregistré aucune recherche." in empty
    SavedSearch.objects.bulk_create(
        [
            SavedSearch(user=person, name=f"Recherche {n:02d}", query_string=f"q=mot{n}&type=fiche")
            for n in range(25)
        ]
    )
    client.get(reverse("search:saved_list"))  # labels cached
    with django_assert_max_num_queries(12):
        first = client.get(reverse("search:saved_list")).content.decode()
    assert first.count("Lancer la recherche") == 20
    assert "Type de contenu : Fiche pratique" in first
    second = client.get(reverse("search:saved_list"), {"page": 2}).content.decode()
    assert second.count("Lancer la recherche") == 5


def test_dashboard_section(client, person):
    client.force_login(person)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert '<h2 id="titre-recherches-enregistrees">Mes recherches enregistrées</h2>' in content
    assert f'href="{reverse("search:saved_list")}"' in content


def test_unsubscribe_link_pauses_without_login(client, person):
    item = saved_search(person)
    url = reverse("search:saved_unsubscribe", args=[saved.unsubscribe_token(item)])
    assert "Arrêter les alertes" in client.get(url).content.decode()
    item.refresh_from_db()
    assert item.is_active
    response = client.post(url)
    assert "vous ne recevrez plus ces alertes" in response.content.decode()
    item.refresh_from_db()
    assert not item.is_active
    bad = client.get(reverse("search:saved_unsubscribe", args=["faux-jeton"]))
    assert bad.status_code == 400
    assert "Ce lien n’est pas valide" in bad.content.decode()


def test_erasure_deletes_saved_searches(person):
    from accounts import personal_data

    saved_search(person)
    other = saved_search(UserFactory())
    personal_data.erase(person)
    assert not SavedSearch.objects.filter(user=person).exists()
    assert SavedSearch.objects.filter(pk=other.pk).exists()


# --- Alerts --------------------------------------------------------------------------------------


def emails():
    return list(OutgoingEmail.objects.order_by("pk"))


def test_alert_lists_only_new_results_the_person_may_read(person):
    item = saved_search(person)
    document("Maraudes anciennes", date=TUESDAY - timedelta(days=10))
    document("Planning des maraudes", "Le jeudi soir.", date=TUESDAY - timedelta(days=1))
    document("Maraudes des référents", date=TUESDAY - timedelta(days=1), visibility="referents")
    document("Maraudes de l’équipe", date=TUESDAY - timedelta(days=1), visibility="territory:999")
    document("Atelier numérique", date=TUESDAY - timedelta(days=1))
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
    item = saved_search(person)
    document("Planning des maraudes", date=TUESDAY - timedelta(days=1))
    assert saved.send_alerts("daily", now=TUESDAY) == 1
    document("Maraudes de midi", date=TUESDAY + timedelta(minutes=10))
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
    item = saved_search(person)
    document("Maraudes anciennes", date=TUESDAY - timedelta(days=10))
    assert saved.send_alerts("daily", now=TUESDAY) == 0
    assert not emails()
    item.refresh_from_db()
    assert item.last_sent_at is None


def test_paused_inactive_and_other_frequency_are_skipped(person):
    saved_search(person, is_active=False)
    saved_search(UserFactory(is_active=False), "q=maraudes")
    weekly = saved_search(person, "q=maraudes&type=fiche", frequency="weekly")
    document("Planning des maraudes", date=TUESDAY - timedelta(days=1))
    assert saved.send_alerts("daily", now=TUESDAY) == 0
    assert saved.send_alerts("weekly", now=TUESDAY) == 1
    assert [email.to for email in emails()] == ["paula@example.org"]
    weekly.refresh_from_db()
    assert weekly.last_sent_at == TUESDAY


def test_weekly_alert_once_a_week(person):
    saved_search(person, frequency="weekly")
    document("Planning des maraudes", date=TUESDAY - timedelta(days=1))
    assert saved.send_alerts("weekly", now=TUESDAY) == 1
    document("Maraudes de mercredi", date=TUESDAY + timedelta(days=1))
    assert saved.send_alerts("weekly", now=TUESDAY + timedelta(days=4)) == 0  # same week
    next_monday = TUESDAY + timedelta(days=6)
    assert saved.send_alerts("weekly", now=next_monday) == 1
    assert "Maraudes de mercredi" in emails()[-1].body_text


def test_facets_of_the_saved_search_apply(person):
    saved_search(person, "q=maraudes&type=discussion")
    document("Maraudes en fiche", date=TUESDAY - timedelta(days=1))
    document("Maraudes en discussion", date=TUESDAY - timedelta(days=1), type="discussion")
    saved.send_alerts(now=TUESDAY)
    (email,) = emails()
    assert "Maraudes en discussion" in email.body_text
    assert "Maraudes en fiche" not in email.body_text


def test_future_dated_documents_are_announced_once(person):
    saved_search(person)
    document("Webinaire sur les maraudes", date=TUESDAY + timedelta(days=20), type="evenement")
    assert saved.send_alerts(now=TUESDAY) == 1
    assert "Webinaire sur les maraudes" in emails()[0].body_text
    assert saved.send_alerts(now=TUESDAY + timedelta(days=1)) == 0
    document("Nouveau planning des maraudes", date=TUESDAY + timedelta(days=1, hours=1))
    assert saved.send_alerts(now=TUESDAY + timedelta(days=2)) == 1
    assert "Webinaire" not in emails()[-1].body_text


def test_many_results_are_summed_up(person):
    saved_search(person)
    for number in range(14):
        document(f"Maraudes numéro {number}", date=TUESDAY - timedelta(hours=number + 1))
    saved.send_alerts(now=TUESDAY)
    (email,) = emails()
    assert "14 nouveaux résultats" in email.subject
    assert email.body_text.count("\n- ") == saved.ALERT_SHOWN
    assert "… et 4 autres." in email.body_text


def test_task_and_beat_schedule(person, settings):
    from search import tasks

    saved_search(person)
    document("Planning des maraudes", date=datetime.now(UTC) - timedelta(hours=1))
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
