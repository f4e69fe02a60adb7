import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from events import emails
from events.models import Registration, SurveyAnswer
from events.tests.calendar_helpers import facilitator
from events.tests.factories import CalendarEventFactory, RegistrationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return CalendarEventFactory(title="Atelier CAF", registration_question="Votre question ?")


def urls(event):
    return [
        reverse("events:participants", args=[event.pk]),
        reverse("events:participants_csv", args=[event.pk]),
        reverse("events:message", args=[event.pk]),
    ]


def test_facilitator_pages_permissions(client, event):
    for url in urls(event):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/" in response["Location"]
    client.force_login(UserFactory())
    for url in urls(event):
        response = client.get(url)
        assert response.status_code == 403
        assert "réservée à l’équipe d’animation" in response.content.decode()
    for user in (facilitator(), UserFactory(roles=[roles.DGCS_ADMIN])):
        client.force_login(user)
        for url in urls(event):
            assert client.get(url).status_code == 200
    assert client.get(reverse("events:participants", args=[999999])).status_code == 404


def test_participants_page_lists_confirmed_and_waitlist(client, event):
    alice = UserFactory(first_name="Alice", last_name="Martin", organisation="CCAS de Lille")
    RegistrationFactory(event=event, user=alice, answer="Comment toucher les jeunes ?")
    RegistrationFactory(
        event=event,
        user=UserFactory(first_name="Bruno", last_name="Petit"),
        status=Registration.Status.WAITLIST,
    )
    RegistrationFactory(
        event=event,
        user=UserFactory(first_name="Chloé", last_name="Roux"),
        status=Registration.Status.CANCELLED,
    )
    client.force_login(facilitator())
    html = client.get(reverse("events:participants", args=[event.pk])).content.decode()
    assert "Alice Martin" in html and "CCAS de Lille" in html
    assert "Comment toucher les jeunes ?" in html
    assert "Bruno Petit" in html
    assert "Chloé Roux" not in html
    assert 'name="present"' not in html  # attendance only once the event has started


def test_csv_export(client, event):
    RegistrationFactory(
        event=event,
        user=UserFactory(
            first_name="Alice",
            last_name="Martin",
            email="alice@example.org",
            organisation="CCAS; Lille",
        ),
        answer="Ma question",
    )
    RegistrationFactory(
        event=event, user=UserFactory(last_name="Petit"), status=Registration.Status.WAITLIST
    )
    client.force_login(facilitator())
    response = client.get(reverse("events:participants_csv", args=[event.pk]))
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    lines = content.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Statut;Nom;Prénom;E-mail;Structure;Fonction;Votre question ?")
    assert len(lines) == 3
    assert 'Martin;Alice;alice@example.org;"CCAS; Lille"' in lines[1]
    assert lines[1].startswith("Inscription confirmée;")
    assert lines[2].startswith("En liste d’attente;Petit;")


def test_csv_export_neutralises_formulas(client, event):
    """Names, organisations and answers typed by participants never run as formulas."""
    RegistrationFactory(
        event=event,
        user=UserFactory(
            first_name="+33 6 00 00 00 00",
            last_name='=HYPERLINK("x")',
            organisation="@SOMME(A1)",
            job_title="\tchef",
        ),
        answer="-2+3",
    )
    client.force_login(facilitator())
    response = client.get(reverse("events:participants_csv", args=[event.pk]))
    content = response.content.decode("utf-8").lstrip("\ufeff")
    cells = list(csv.reader(io.StringIO(content), delimiter=";"))[1]
    assert cells[1:3] == ['\'=HYPERLINK("x")', "'+33 6 00 00 00 00"]
    assert cells[4:7] == ["'@SOMME(A1)", "'\tchef", "'-2+3"]


def test_attendance_marking_after_start(client):
    event = CalendarEventFactory(start=timezone.now() - timedelta(hours=1))
    present = RegistrationFactory(event=event)
    absent = RegistrationFactory(event=event)
    client.force_login(facilitator())
    url = reverse("events:participants", args=[event.pk])
    assert 'name="present"' in client.get(url).content.decode()
    response = client.post(url, {"present": [str(present.pk)]}, follow=True)
    assert "Présences enregistrées : 1 sur 2" in response.content.decode()
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.attended is True and absent.attended is False


def test_attendance_refused_before_start(client, event):
    registration = RegistrationFactory(event=event)
    client.force_login(facilitator())
    client.post(reverse("events:participants", args=[event.pk]), {"present": [registration.pk]})
    registration.refresh_from_db()
    assert registration.attended is None


def test_message_to_all_participants(client, event, django_capture_on_commit_callbacks):
    RegistrationFactory(event=event, user=UserFactory(email="a@example.org"))
    RegistrationFactory(event=event, user=UserFactory(email="b@example.org"))
    RegistrationFactory(
        event=event, user=UserFactory(email="w@example.org"), status=Registration.Status.WAITLIST
    )
    RegistrationFactory(
        event=event, user=UserFactory(email="x@example.org"), status=Registration.Status.CANCELLED
    )
    sender = facilitator(email="animatrice@example.org", first_name="Inès", last_name="Durand")
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:message", args=[event.pk]),
            {"subject": "Support de présentation", "body": "Bonjour à tous,\nVoici le support."},
            follow=True,
        )
    assert "Message envoyé à 2 personnes." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    message = mail.outbox[0]
    assert message.message()["Reply-To"] == "animatrice@example.org"
    assert "Support de présentation" in message.subject
    assert "Voici le support." in message.body and "Inès Durand" in message.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:message", args=[event.pk]),
            {"subject": "Info", "body": "Texte", "include_waitlist": "on"},
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a@example.org",
        "b@example.org",
        "w@example.org",
    ]


def test_message_form_errors_are_shown(client, event):
    client.force_login(facilitator())
    response = client.post(reverse("events:message", args=[event.pk]), {"subject": ""})
    assert response.status_code == 200
    assert "erreurs" in response.content.decode()


# --- Survey --------------------------------------------------------------------------------------


def test_survey_answer_once_and_results_visible(client):
    event = CalendarEventFactory(start=timezone.now() - timedelta(hours=3))
    registration = RegistrationFactory(event=event)
    url = emails.survey_url(registration).replace("http://127.0.0.1:8000", "")
    response = client.get(url)
    assert response.status_code == 200
    assert "Quelle note" in response.content.decode()
    response = client.post(url, {"rating": "4", "comment": "Très utile, merci"}, follow=True)
    assert "Merci ! Votre réponse est enregistrée." in response.content.decode()
    response = client.post(url, {"rating": "1", "comment": "Changement d’avis"}, follow=True)
    assert "Vous avez déjà répondu" in response.content.decode()
    answer = SurveyAnswer.objects.get(registration=registration)
    assert (answer.rating, answer.comment) == (4, "Très utile, merci")

    other = RegistrationFactory(event=event)
    SurveyAnswer.objects.create(registration=other, rating=5)
    client.force_login(facilitator())
    html = client.get(reverse("events:participants", args=[event.pk])).content.decode()
    assert "Note moyenne : 4,5 / 5 (2 réponses)" in html
    assert "Très utile, merci" in html


def test_survey_invalid_rating_and_bad_token(client):
    registration = RegistrationFactory(event=CalendarEventFactory())
    url = emails.survey_url(registration).replace("http://127.0.0.1:8000", "")
    response = client.post(url, {"rating": "9"})
    assert response.status_code == 200
    assert not SurveyAnswer.objects.exists()
    assert client.get("/evenements/questionnaire/faux-jeton/").status_code == 404
