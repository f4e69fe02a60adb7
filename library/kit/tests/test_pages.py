"""The kit page, the indicator pages, and the links from the practice sheets."""

import re

import pytest
from django.urls import reverse

from library.kit.tests.factories import KitResultLineFactory
from practices.tests.factories import PracticeSheetFactory
from taxonomy.models import ResultIndicator
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def _h1_count(content):
    return len(re.findall(r"<h1[ >]", content))


@pytest.fixture
def territory():
    return TerritoryFactory(name="Fictiville")


def test_kit_page_lists_active_indicators_by_family(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/bibliotheque/kit-evaluation/")
    assert response.status_code == 200
    content = response.content.decode()
    assert _h1_count(content) == 1 and "<h1>Kit d’évaluation</h1>" in content
    families = [f["label"] for f in response.context["families"]]
    assert families == [
        "Repérage et prise de contact",
        "Accompagnement et accès aux droits",
        "Professionnels et partenariats",
    ]
    for indicator in ResultIndicator.objects.filter(is_active=True):
        assert f'href="/bibliotheque/kit-evaluation/indicateurs/{indicator.slug}/"' in content
    # One table per family, each with a caption and column headers.
    assert content.count("<caption") == 3 and content.count('<th scope="col">Unité</th>') == 3
    assert 'href="/bibliotheque/kit-evaluation/modele-collecte.xlsx"' in content
    assert 'href="/bibliotheque/kit-evaluation/modele-collecte.csv"' in content
    assert 'href="/bibliotheque/kit-evaluation/definitions.csv"' in content
    assert "Aucun document du kit n’est publié pour l’instant." in content
    # Heading order: h1, then h2 sections, families in h3 inside « Les indicateurs ».
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", content.split("<main")[1])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_retired_indicators_leave_the_kit_but_keep_their_page(client):
    ResultIndicator.objects.filter(slug="professionnels-formes").update(is_active=False)
    content = client.get(reverse("kit:index")).content.decode()
    assert "indicateurs/professionnels-formes/" not in content
    assert "indicateurs/personnes-reperees/" in content

    response = client.get(reverse("kit:indicator", args=["professionnels-formes"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Indicateur retiré" in page
    assert "il ne figure plus dans le modèle de collecte" in page
    active = client.get(reverse("kit:indicator", args=["personnes-reperees"])).content.decode()
    assert "Indicateur retiré" not in active


def test_an_empty_family_is_not_shown(client):
    ResultIndicator.objects.filter(family="partenariats").update(is_active=False)
    response = client.get(reverse("kit:index"))
    assert "Professionnels et partenariats" not in response.content.decode()
    assert len(response.context["families"]) == 2


def test_indicator_page_shows_the_definition(client):
    indicator = ResultIndicator.objects.get(slug="droits-ouverts")
    response = client.get("/bibliotheque/kit-evaluation/indicateurs/droits-ouverts/")
    assert response.status_code == 200
    content = response.content.decode()
    assert _h1_count(content) == 1 and "<h1>Droits ouverts</h1>" in content
    for heading in ("Définition", "Mode de calcul", "Source des données"):
        assert f">{heading}</h2>" in content
    assert "compte pour 2" in content  # the counting method, from the definitions
    assert indicator.period in content
    assert "Aucune fiche publiée ne déclare encore de résultat avec cet indicateur." in content


def test_unknown_indicator_is_a_404(client):
    response = client.get("/bibliotheque/kit-evaluation/indicateurs/n-existe-pas/")
    assert response.status_code == 404


def test_indicators_list_url_leads_to_the_kit(client):
    response = client.get("/bibliotheque/kit-evaluation/indicateurs/")
    assert response.status_code == 302 and response["Location"] == reverse("kit:index")


def test_indicator_page_lists_live_sheets_only_with_their_values(client, territory):
    published = PracticeSheetFactory(territory=territory, title="Le bus des droits")
    KitResultLineFactory(
        sheet=published, indicator_slug="droits-ouverts", value=120, period="Année 2024"
    )
    other = PracticeSheetFactory(
        territory=TerritoryFactory(name="Exempleville"), title="Permanences en mairie"
    )
    KitResultLineFactory(
        sheet=other, indicator_slug="droits-ouverts", value="30.5", period="Année 2024"
    )
    KitResultLineFactory(sheet=other, indicator_slug="personnes-reperees", value=999)
    draft = PracticeSheetFactory(territory=territory, title="Brouillon secret", live=False)
    KitResultLineFactory(sheet=draft, indicator_slug="droits-ouverts", value=5000)
    unpublished = PracticeSheetFactory(territory=territory, title="Fiche dépubliée")
    KitResultLineFactory(sheet=unpublished, indicator_slug="droits-ouverts", value=7000)
    unpublished.unpublish()

    response = client.get(reverse("kit:indicator", args=["droits-ouverts"]))
    content = response.content.decode()
    assert "Le bus des droits" in content and "Permanences en mairie" in content
    assert f'href="{published.url}"' in content
    assert "Fictiville" in content and "Année 2024" in content and "120 droits" in content
    assert "Brouillon secret" not in content and "5000" not in content
    assert "Fiche dépubliée" not in content
    assert "2 fiches publiées déclarent un résultat avec cet indicateur" in content
    assert "150,50 droits au total (Année 2024)" in content
    assert "999" not in content  # another indicator's line
    assert 'href="/bilans/comparer/?indicateur=droits-ouverts"' in content


def test_values_of_different_years_are_never_added_up(client, territory):
    for year, value in ((2023, 40), (2024, 60)):
        line = KitResultLineFactory(
            sheet=PracticeSheetFactory(territory=territory, title=f"Fiche {year}"),
            indicator_slug="droits-ouverts",
            value=value,
        )
        line.year = year
        line.save()
    content = client.get(reverse("kit:indicator", args=["droits-ouverts"])).content.decode()
    assert "au total" not in content and "100" not in content
    assert "sur 2 périodes, qui ne s’additionnent pas entre elles" in content


def test_non_additive_indicators_show_no_total(client, territory):
    KitResultLineFactory(
        sheet=PracticeSheetFactory(territory=territory, title="Accompagnement renforcé"),
        indicator_slug="taux-droits-ouverts",
        value=60,
    )
    KitResultLineFactory(
        sheet=PracticeSheetFactory(territory=territory, title="Rendez-vous des droits"),
        indicator_slug="taux-droits-ouverts",
        value=70,
    )
    content = client.get(reverse("kit:indicator", args=["taux-droits-ouverts"])).content.decode()
    assert "2 fiches publiées déclarent" in content
    assert "au total" not in content and "130" not in content


def test_indicator_page_is_paginated_with_constant_queries(
    client, territory, django_assert_max_num_queries
):
    from library.kit.views import RESULTS_PER_PAGE

    for number in range(RESULTS_PER_PAGE + 2):
        KitResultLineFactory(
            sheet=PracticeSheetFactory(territory=territory, title=f"Fiche numéro {number:02d}"),
            indicator_slug="personnes-reperees",
            value=10,
        )
    url = reverse("kit:indicator", args=["personnes-reperees"])
    with django_assert_max_num_queries(14):
        first = client.get(url)
    assert len(first.context["results"]) == RESULTS_PER_PAGE
    assert "fr-pagination" in first.content.decode()
    with django_assert_max_num_queries(14):
        second = client.get(url, {"page": 2})
    assert len(second.context["results"]) == 2
    titles = {line.sheet.title for line in [*first.context["results"], *second.context["results"]]}
    assert len(titles) == RESULTS_PER_PAGE + 2
    assert f"{RESULTS_PER_PAGE + 2} fiches publiées" in second.content.decode()


def test_sheet_page_links_each_result_line_to_its_indicator(client, territory):
    sheet = PracticeSheetFactory(territory=territory, title="Un bus des droits")
    KitResultLineFactory(sheet=sheet, indicator_slug="droits-ouverts", value=120)
    KitResultLineFactory(sheet=sheet, indicator_slug="montant-droits", value="45000")
    ResultIndicator.objects.filter(slug="montant-droits").update(is_active=False)
    content = client.get(sheet.url).content.decode()
    link = '<a href="/bibliotheque/kit-evaluation/indicateurs/droits-ouverts/">Droits ouverts</a>'
    assert link in content
    assert 'href="/bibliotheque/kit-evaluation/indicateurs/montant-droits/"' in content
    assert "120 droits" in content and "euros" in content
    assert "indicateur retiré" in content  # the retired one is still shown, and marked
    assert 'href="/bibliotheque/kit-evaluation/"' in content
