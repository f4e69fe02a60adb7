"""End to end, in Chromium, without JavaScript being needed: a participant registers, asks to
cancel (« Voulez-vous vraiment annuler votre inscription ? »), confirms, then clicks
« Annuler l’annulation » and is registered again; the event page and the confirmation page have
no serious or critical axe-core violation (the event is a session of a series: its other
sessions are listed)."""

import re

import pytest
from playwright.sync_api import expect

from events.models import EventSeries, Registration
from events.tests.factories import EventFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

TITLE = "Webinaire : le chèque énergie & les locataires"


def test_register_cancel_with_confirmation_then_undo(site, page):
    series = EventSeries.objects.create(title="Les jeudis de l’énergie")
    event = EventFactory(title=TITLE, capacity=5, series=series)
    EventFactory(title="Deuxième séance", days=37, capacity=5, series=series)
    member = UserFactory(first_name="Inès", last_name="Roux", email="ines.roux@example.org")
    log_in(page, site.url, member.email)

    page.goto(f"{site.url}{event.url}")
    main = page.locator("main")
    box = main.locator("#inscription")
    box.get_by_role("button", name="M’inscrire").click()
    expect(box.locator(".fr-badge--success")).to_have_text("Votre inscription est confirmée")
    expect(main).to_contain_text("Le lien de connexion sera disponible 15 minutes avant le début.")
    agenda = main.get_by_role("region", name="Ajouter à mon agenda")
    google = agenda.get_by_role("link", name="Google Agenda")
    expect(google).to_have_attribute(
        "href", re.compile(r"text=Webinaire%20%3A%20le%20ch%C3%A8que%20%C3%A9nergie%20%26")
    )
    expect(main.get_by_role("region", name="Les autres séances de cette série")).to_contain_text(
        "Deuxième séance"
    )
    assert_accessible(page, "event page (registered, session of a series)")

    box.get_by_role("link", name="Annuler mon inscription").click()
    expect(page.locator("main h1")).to_have_text("Voulez-vous vraiment annuler votre inscription ?")
    assert_accessible(page, "cancellation confirmation page")
    assert Registration.objects.get(user=member).status == Registration.Status.CONFIRMED
    page.locator("main").get_by_role("button", name="Oui, annuler mon inscription").click()

    main = page.locator("main")
    expect(main).to_contain_text(f"Votre inscription à « {TITLE} » est annulée.")
    box = main.locator("#inscription")
    expect(box).to_contain_text("Vous avez changé d’avis ?")
    assert Registration.objects.get(user=member).status == Registration.Status.CANCELLED
    assert_accessible(page, "event page (cancelled, undo offered)")

    box.get_by_role("button", name="Annuler l’annulation").click()
    main = page.locator("main")
    expect(main).to_contain_text("est rétablie : vous gardez votre place")
    box = main.locator("#inscription")
    expect(box.locator(".fr-badge--success")).to_have_text("Votre inscription est confirmée")
    expect(box.get_by_role("button", name="Annuler l’annulation")).to_have_count(0)
    assert Registration.objects.get(user=member).status == Registration.Status.CONFIRMED


def test_the_person_promoted_when_a_place_is_freed_gets_the_ics(site, page):
    """Issue 22: a participant of a full event cancels in the browser; the first person waiting
    is promoted at once and their e-mail carries the event's .ics (with the join link)."""
    from django.core import mail

    from events import services

    event = EventFactory(title=TITLE, capacity=1)
    member = UserFactory(first_name="Inès", last_name="Roux", email="ines.roux@example.org")
    waiting = UserFactory(first_name="Paul", last_name="Morel", email="paul.morel@example.org")
    services.register(member, event)
    services.register(waiting, event)
    assert Registration.objects.get(user=waiting).status == Registration.Status.WAITLIST
    mail.outbox.clear()

    log_in(page, site.url, member.email)
    page.goto(f"{site.url}{event.url}")
    page.locator("#inscription").get_by_role("link", name="Annuler mon inscription").click()
    page.locator("main").get_by_role("button", name="Oui, annuler mon inscription").click()
    expect(page.locator("main")).to_contain_text(f"Votre inscription à « {TITLE} » est annulée.")

    assert Registration.objects.get(user=waiting).status == Registration.Status.CONFIRMED
    promoted = [message for message in mail.outbox if message.to == [waiting.email]]
    assert len(promoted) == 1, [message.subject for message in mail.outbox]
    assert "Une place s’est libérée" in promoted[0].subject
    calendars = [
        attachment
        for attachment in promoted[0].attachments
        if "text/calendar" in (attachment[2] if isinstance(attachment, tuple) else "")
    ]
    assert len(calendars) == 1
    content = calendars[0][1]
    content = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in content and "chèque énergie" in content
    assert "visio.example.org" in content
