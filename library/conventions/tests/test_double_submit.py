"""A clause proposal or a new convention project sent twice (same one-time token) is created
once; the second submission is sent where the first one led."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from library.conventions.models import Clause, ConventionDraft, Section

pytestmark = pytest.mark.django_db


def token(response) -> str:
    match = re.search(r'name="submission_token" value="([0-9a-f]{32})"', response.content.decode())
    assert match, "no submission token in the form"
    return match.group(1)


def test_a_clause_proposal_sent_twice_is_proposed_once(
    client, member, territory, facilitator, clauses, django_capture_on_commit_callbacks
):
    client.force_login(member)
    url = reverse("conventions:clause_propose")
    data = {
        "territory": territory.pk,
        "section": Section.OBJET,
        "title": "Objet de Fictiville",
        "text": "Texte de la clause.",
        "note": "Quand les données viennent de la CAF.",
        "submission_token": token(client.get(url)),
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data, follow=True)
    proposal = Clause.objects.get(title="Objet de Fictiville")
    assert first["Location"] == proposal.get_absolute_url()
    assert second.redirect_chain == [(proposal.get_absolute_url(), 302)]
    assert "Cette proposition avait déjà été envoyée." in second.content.decode()
    assert len(mail.outbox) == 1


def test_a_new_convention_project_sent_twice_is_created_once(client, member, convention_model):
    client.force_login(member)
    url = reverse("conventions:builder_start")
    data = {
        "convention_model": convention_model.pk,
        "title": "Convention CAF 2026",
        "submission_token": token(client.get(url)),
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert ConventionDraft.objects.filter(owner=member).count() == 1
    assert second["Location"] == first["Location"]
