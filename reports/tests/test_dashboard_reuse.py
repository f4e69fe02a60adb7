# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)
import re

import pytest

from accounts.models import Region
from practices.models import Reuse
from practices.tests.factories import PracticeSheetFactory
from reports.dashboard import reuse
from reports.tests.test_dashboard_fixtures import (  # noqa: F401
    URL,
    campaigns,
    dgcs,
    dgcs_client,
)
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = pytest.mark.django_db
ALL = {"region": "", "cohort": None, "kind": ""}


@pytest.fixture
def world(db):
    other_region = Region.objects.exclude(code="32").order_by("name").first()
    source = TerritoryFactory(name="Source")
    bus = PracticeSheetFactory(
        territory=source, title="Un bus des droits", barriers=["mobilite", "fracture-numerique"]
    )
    data = PracticeSheetFactory(
        territory=source, title="Croiser les fichiers", barriers=["absence-partage-donnees"]
    )
    draft = PracticeSheetFactory(territory=source, title="Brouillon secret", live=False)
    north = TerritoryFactory(name="Nordville")
    south = TerritoryFactory(name="Sudville", region=other_region)
    Reuse.objects.create(sheet=bus, territory=north, kind=Reuse.Kind.REUSE)
    Reuse.objects.create(sheet=bus, territory=south, kind=Reuse.Kind.CONSIDER)
    Reuse.objects.create(sheet=data, territory=north, kind=Reuse.Kind.ADAPT)
    Reuse.objects.create(sheet=draft, territory=south, kind=Reuse.Kind.ADAPT)
    return {"bus": bus, "draft": draft, "north": north, "south": south, "other": other_region}


def test_counts_by_region_of_the_reusing_territory(dgcs, world):
    rows = reuse.by_region(reuse.reuses(dgcs, ALL))
    by_name = {row["region"]: row for row in rows}
    north_region = world["north"].region.name
    assert by_name[north_region]["total"] == 2
    assert by_name[north_region]["kinds"] == [1, 1, 0]  # reprise, adaptation, étude
    assert by_name[world["other"].name]["kinds"] == [0, 1, 1]


def test_counts_by_barrier_family_and_cause(dgcs, world):
    families = {f.barrier.slug: f for f in reuse.by_barrier(reuse.reuses(dgcs, ALL))}
    # The bus treats two causes of « non-demande »: its two reuses count once in the family.
    assert families["non-demande"].total == 2
    causes = {b.slug: n for b, n in families["non-demande"].causes}
    assert causes == {"mobilite": 2, "fracture-numerique": 2}
    assert families["non-proposition"].total == 1
    assert "non-connaissance" not in families


def test_only_the_sheets_the_person_may_see(world):
    team_member = MembershipFactory(territory=world["north"]).user
    seen = {r.sheet_id for r in reuse.reuses(team_member, ALL)}
    assert world["draft"].pk not in seen and world["bus"].pk in seen


def test_the_page_lists_the_latest_with_links_and_kinds(dgcs_client, campaigns, world):
    html = dgcs_client.get(URL).content.decode()
    section = html[html.index('id="reprises"') :]
    assert "4 reprises déclarées" in section
    assert f'<a href="{world["bus"].url}">Un bus des droits</a>' in section
    assert re.search(r"Brouillon secret </?\w*.*?non publiée", section)  # not linked
    assert "Reprise telle quelle" in section and "À l’étude" in section
    assert "Nordville" in section and "Source" in section
    assert "Absence de partage de données" in section


def test_the_region_filter_applies_to_the_reusing_territory(dgcs_client, campaigns, world):
    html = dgcs_client.get(URL + f"?region={world['other'].slug}").content.decode()
    section = html[html.index('id="reprises"') :]
    assert "2 reprises déclarées" in section and "Nordville" not in section


def test_the_full_list_is_paginated(dgcs_client, campaigns, world, monkeypatch):
    monkeypatch.setattr(reuse, "PER_PAGE", 3)
    html = dgcs_client.get(URL + "?reprises=toutes").content.decode()
    assert "<h1>Toutes les reprises des fiches pratiques</h1>" in html
    assert "page 1 sur 2" in html and 'class="fr-pagination' in html
    assert "reprises=toutes&amp;page=2" in html
    page_two = dgcs_client.get(URL + "?reprises=toutes&page=2").content.decode()
    assert page_two.count("<tr>") == 2  # the header and the fourth reuse
