"""End to end, in Chromium: a member registers for an online event starting in ten minutes,
answering its question, receives the confirmation e-mail with the event as an .ics file, sees
the connection link (shown from 15 minutes before the start), then cancels through the
confirmation page: the link is hidden again and the registration is cancelled."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Registration
from events.tests.factories import EventFactory
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "mot-de-passe-test"  # the factory's default
TITLE = "Webinaire : aller vers les bénéficiaires de la prime d’activité"
QUESTION = "Quelle question souhaitez-vous aborder ?"
ANSWER = "Le croisement des fichiers avec la CAF."
ONLINE_LINK = "https://visio.example.org/salle-secrete"
HIDDEN_LINK_TEXT = "Le lien de connexion est communiqué aux personnes inscrites."


def log_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/compte/login/")
    main = page.locator("main")
    main.get_by_label("E-mail").fill(email)
    main.get_by_role("textbox", name=re.compile(r"^Mot de passe")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Se déconnecter")).to_be_visible()


def ics_attachments(message):
    """(filename, content, mimetype) of each attachment (tuples or EmailAttachment)."""
    found = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            filename, content, mimetype = attachment[0], attachment[1], attachment[2]
        else:  # a MIMEBase
            filename = attachment.get_filename()
            content = attachment.get_payload(decode=True)
            mimetype = attachment.get_content_type()
        if mimetype and mimetype.startswith("text/calendar"):
            found.append((filename, content, mimetype))
    return found


# --- The steps of the journey --------------------------------------------------------------------


def lea_opens_the_event(page, base):
    """From the events page; the connection link is hidden. Returns the registration box."""
    page.goto(f"{base}/evenements/")
    page.locator("main").get_by_role("link", name=TITLE).click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    main = page.locator("main")
    registration_box = main.locator("#inscription")
    expect(registration_box).to_contain_text("10 places restantes")
    expect(main).to_contain_text(HIDDEN_LINK_TEXT)
    expect(main.get_by_role("link", name=ONLINE_LINK)).to_have_count(0)
    assert_accessible(page, "event page (before registration)")
    return registration_box


def lea_answers_the_question_and_registers(page, registration_box, event, member):
    registration_box.get_by_label(QUESTION).fill(ANSWER)
    registration_box.get_by_role("button", name="M’inscrire").click()
    main = page.locator("main")
    expect(main).to_contain_text(f"Votre inscription à « {TITLE} » est confirmée.")
    registration_box = main.locator("#inscription")
    expect(registration_box.locator(".fr-badge--success")).to_have_text(
        "Votre inscription est confirmée"
    )
    expect(registration_box).to_contain_text(f"« {ANSWER} »")
    expect(registration_box).to_contain_text("9 places restantes")
    expect(main.get_by_role("link", name=ONLINE_LINK)).to_have_attribute("href", ONLINE_LINK)
    expect(main).not_to_contain_text(HIDDEN_LINK_TEXT)
    assert_accessible(page, "event page (registered)")

    registration = Registration.objects.get(event=event, user=member)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.answer == ANSWER
    return registration_box, registration


def the_confirmation_carries_the_event_as_ics(member):
    to_her = [message for message in mail.outbox if member.email in message.to]
    assert len(to_her) == 1, [(m.to, m.subject) for m in mail.outbox]
    attachments = ics_attachments(to_her[0])
    assert len(attachments) == 1, to_her[0].attachments
    filename, content, _mimetype = attachments[0]
    assert filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(content)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 1
    assert str(vevents[0]["UID"]).endswith("@communaute-zero-non-recours")
    assert str(vevents[0]["SUMMARY"]) == TITLE


def lea_cancels(page, registration_box, registration):
    """The link is hidden again."""
    registration_box.get_by_role("link", name="Annuler mon inscription").click()
    page.locator("main").get_by_role("button", name="Oui, annuler mon inscription").click()
    main = page.locator("main")
    expect(main).to_contain_text(f"Votre inscription à « {TITLE} » est annulée.")
    registration_box = main.locator("#inscription")
    expect(registration_box.locator(".fr-badge--success")).to_have_count(0)
    expect(registration_box).not_to_contain_text("Votre inscription est confirmée")
    expect(registration_box.get_by_role("button", name="M’inscrire")).to_be_visible()
    expect(registration_box).to_contain_text("10 places restantes")
    expect(main.get_by_role("link", name=ONLINE_LINK)).to_have_count(0)
    expect(main).to_contain_text(HIDDEN_LINK_TEXT)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


# --- The journey ---------------------------------------------------------------------------------


def test_register_get_confirmation_then_cancel(site, page):
    base = site.url
    event = EventFactory(
        title=TITLE,
        capacity=10,
        registration_question=QUESTION,
        online_link=ONLINE_LINK,
        start=timezone.now() + timedelta(minutes=10),
    )
    member = UserFactory(first_name="Léa", last_name="Martin", email="lea.martin@example.org")
    mail.outbox.clear()

    log_in(page, base, member.email)
    registration_box = lea_opens_the_event(page, base)
    registration_box, registration = lea_answers_the_question_and_registers(
        page, registration_box, event, member
    )
    the_confirmation_carries_the_event_as_ics(member)
    lea_cancels(page, registration_box, registration)
