"""Titles of conventions and clauses, and the names of the parties, lose their direction
controls and zero-width characters."""

import pytest
from django.urls import reverse

from library.conventions.models import Clause, ConventionDraft, Section

pytestmark = pytest.mark.django_db


def test_builder_stores_title_and_party_names_without_invisible_characters(
    client, member, convention_model
):
    client.force_login(member)
    client.post(
        reverse("conventions:builder_start"),
        {
            "convention_model": convention_model.pk,
            "title": "Convention\u202e CAF\u200b 2026",
        },
    )
    draft = ConventionDraft.objects.get(owner=member)
    assert draft.title == "Convention CAF 2026"
    step = reverse("conventions:draft_step", kwargs={"pk": draft.pk, "step": "partenaires"})
    client.post(
        step,
        {
            "rows": "4",
            "party_1_name": "CAF\u202e de Fictiville",
            "party_1_representative": "Anne\u200b Directrice",
            "party_2_name": "CCAS de Fictiville",
            "party_2_representative": "Paul Président",
        },
    )
    draft.refresh_from_db()
    party = draft.answers["parties"][0]
    assert (party["name"], party["representative"]) == ("CAF de Fictiville", "Anne Directrice")


def test_proposed_clause_title_without_invisible_characters(
    client, member, territory, clauses, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("conventions:clause_propose"),
            {
                "territory": territory.pk,
                "section": Section.OBJET,
                "title": "\u202eClause\u200b de Fictiville",
                "text": "Texte de la clause.",
                "note": "Une note.",
            },
        )
    assert Clause.objects.get(territory=territory).title == "Clause de Fictiville"
