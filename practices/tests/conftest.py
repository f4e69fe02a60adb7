"""Fixtures of the list of sheets' tests (test_browse*.py): two territories in two regions and a
small, known corpus."""

import pytest

from accounts.models import Region
from practices.tests.browse import days_ago
from practices.tests.factories import PracticeSheetFactory
from tests.factories import TerritoryFactory


@pytest.fixture
def lille():
    return TerritoryFactory(
        name="Fictiville", slug="fictiville", region=Region.objects.get(code="32")
    )


@pytest.fixture
def rennes():
    return TerritoryFactory(
        name="Bourg-Essai", slug="bourg-essai", region=Region.objects.get(code="53")
    )


@pytest.fixture
def sheets(lille, rennes):
    """A small, known corpus, plus a draft tagged with everything."""
    data = {
        "bus": PracticeSheetFactory(
            territory=lille,
            title="Un bus des droits",
            first_published_at=days_ago(3),
            audiences=["jeunes", "etudiants"],
            barriers=["fracture-numerique"],
            benefits=["rsa"],
            action_types=["aller-vers"],
            partners=["caf"],
            results=[("droits-ouverts", 120), ("personnes-contactees", 300)],
        ),
        "data": PracticeSheetFactory(
            territory=lille,
            title="Croisement de fichiers CAF",
            first_published_at=days_ago(2),
            audiences=["familles-monoparentales"],
            barriers=["absence-partage-donnees"],
            benefits=["prime-activite"],
            action_types=["croisement-donnees"],
            partners=["caf", "departement"],
            maturity="evaluee",
            action_status="terminee",
            summary="Les fichiers de la CAF et du département sont croisés.",
            results=[("droits-ouverts", 30)],
        ),
        "young": PracticeSheetFactory(
            territory=rennes,
            title="Permanence jeunes numérique",
            first_published_at=days_ago(1),
            audiences=["jeunes"],
            barriers=["non-demande"],
            benefits=["rsa"],
            action_types=["accompagnement-numerique"],
            partners=["france-travail"],
            summary="Des ateliers pour les démarches en ligne.",
            results=[("droits-ouverts", 5.5)],
        ),
    }
    data["draft"] = PracticeSheetFactory(
        territory=rennes,
        title="Brouillon secret",
        live=False,
        audiences=["jeunes"],
        barriers=["fracture-numerique"],
        benefits=["rsa"],
        action_types=["aller-vers"],
        partners=["caf"],
        results=[("droits-ouverts", 1000)],
    )
    return data
