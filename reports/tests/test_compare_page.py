"""« Comparer les territoires »: filters, the commissioner's landing, who sees what, the maths of
per 1,000 inhabitants and rates, the summary row, the charts, bad addresses, query counts."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Region, Territory
from practices.tests.factories import PracticeSheetFactory
from reports.models import Report
from reports.tests.factories import ReportFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/bilans/comparer/"
VALIDATED = Report.Status.VALIDATED


def validated(territory, year=2025, **values):
    return ReportFactory(territory=territory, year=year, status=VALIDATED, values=values)


def table_text(response) -> str:
    html = response.content.decode()
    table = re.search(r"<table>.*?</table>", html, re.S).group(0)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", table))


@pytest.fixture
def places():
    north = Region.objects.get(code="32")
    alps = Region.objects.get(code="84")
    lille = TerritoryFactory(name="Lille-Test", region=north, population=200_000)
    grigny = TerritoryFactory(
        name="Grigny-Test",
        region=alps,
        departement_code="69",
        kind=Territory.Kind.EPCI,
        cohort=2023,
        population=None,
    )
    validated(lille, **{"droits-ouverts": 120, "personnes-accompagnees": 300})
    validated(lille, year=2024, **{"droits-ouverts": 80})
    validated(grigny, **{"droits-ouverts": 1500, "personnes-accompagnees": 0})
    return lille, grigny


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_the_default_view_lists_every_territory_with_validated_values(client, places):
    response = get(client, indicateur="droits-ouverts")
    text = table_text(response)
    assert "Lille-Test" in text and "Grigny-Test" in text
    assert (
        "1\u202f500\u00a0droits" in text and "120\u00a0droits" in text and "80\u00a0droits" in text
    )
    page = response.content.decode()
    assert (
        "Total des 2 territoires qui ont déclaré une valeur en 2025 : 1\u202f620\u00a0droits."
        in page
    )


def test_filters_combine(client, places):
    lille, grigny = places
    assert "Grigny-Test" not in table_text(get(client, indicateur="droits-ouverts", region="32"))
    text = table_text(get(client, indicateur="droits-ouverts", type="epci", vague="2023"))
    assert "Grigny-Test" in text and "Lille-Test" not in text
    text = table_text(get(client, indicateur="droits-ouverts", departement="69", region="84"))
    assert "Grigny-Test" in text and "Lille-Test" not in text
    response = get(client, indicateur="droits-ouverts", region="32", type="epci")
    assert "Aucun territoire ne correspond à ces filtres." in response.content.decode()


def test_public_and_barrier_keep_territories_with_a_published_sheet(client, places):
    lille, grigny = places
    PracticeSheetFactory(territory=lille, audiences=["jeunes"], barriers=["non-connaissance"])
    PracticeSheetFactory(territory=grigny, audiences=["jeunes"], live=False)
    text = table_text(get(client, indicateur="droits-ouverts", public="jeunes"))
    assert "Lille-Test" in text and "Grigny-Test" not in text
    text = table_text(get(client, indicateur="droits-ouverts", frein="non-connaissance"))
    assert "Lille-Test" in text and "Grigny-Test" not in text


def test_sorts_by_last_year_value(client, places):
    text = table_text(get(client, indicateur="droits-ouverts", tri="valeur-desc"))
    assert text.index("Grigny-Test") < text.index("Lille-Test")
    text = table_text(get(client, indicateur="droits-ouverts", tri="valeur-asc"))
    assert text.index("Lille-Test") < text.index("Grigny-Test")
    text = table_text(get(client, indicateur="droits-ouverts", tri="region"))
    assert text.index("Grigny-Test") < text.index("Lille-Test")  # Auvergne before Hauts


def test_a_commissioner_lands_on_their_regions(client, places):
    commissioner = UserFactory(roles=["Commissaires"])
    commissioner.regions.add(Region.objects.get(code="32"))
    client.force_login(commissioner)
    response = get(client)
    page = response.content.decode()
    assert "Vous voyez les territoires de la région que vous suivez : Hauts-de-France." in page
    assert "Voir tous les territoires" in page
    text = table_text(response)
    assert "Lille-Test" in text and "Grigny-Test" not in text
    assert 'href="/bilans/comparer/export.csv?indicateur=' in page and "region=32" in page
    # Any address given (the « all territories » link) shows everything.
    text = table_text(get(client, indicateur="personnes-reperees"))
    assert "Grigny-Test" in text


def test_drafts_are_shown_only_to_those_who_may_see_them(client, places):
    lille, _grigny = places
    ReportFactory(territory=lille, year=2023, values={"droits-ouverts": 777})
    params = {"indicateur": "droits-ouverts", "de": 2023}
    assert "777" not in table_text(get(client, **params))  # anonymous
    commissioner = UserFactory(roles=["Commissaires"])
    client.force_login(commissioner)
    assert "777" not in table_text(get(client, **params))
    for reader in (
        MembershipFactory(territory=lille).user,
        UserFactory(roles=["Animateurs"]),
    ):
        client.force_login(reader)
        response = get(client, **params)
        assert "777\u00a0droits non validé" in table_text(response)
        assert "Valeur d’un bilan pas encore validé" in response.content.decode()


def test_an_open_correction_replaces_the_validated_value_for_the_team(client, places):
    lille, _grigny = places
    old = Report.objects.get(territory=lille, year=2025)
    ReportFactory(
        territory=lille, year=2025, version=2, corrects=old, values={"droits-ouverts": 99}
    )
    assert "120\u00a0droits" in table_text(get(client, indicateur="droits-ouverts"))
    client.force_login(MembershipFactory(territory=lille).user)
    text = table_text(get(client, indicateur="droits-ouverts"))
    assert "99\u00a0droits non validé" in text and "120\u00a0droits" not in text


def test_per_thousand_inhabitants_and_unknown_population(client, places):
    response = get(client, indicateur="droits-ouverts", affichage="habitants")
    text = table_text(response)
    assert "0,6\u00a0droits pour 1 000 habitants" in text  # 120 / 200 000 × 1 000
    assert "population inconnue" in text
    page = response.content.decode()
    assert "Des valeurs pour 1 000 habitants ne s’additionnent pas." in page
    assert "Total des" not in page


def test_rate_of_another_indicator_with_missing_or_zero_denominator(client, places):
    text = table_text(get(client, indicateur="droits-ouverts", affichage="taux"))
    assert "40\u00a0%" in text  # 120 / 300 × 100
    assert "« Personnes accompagnées » égal à zéro" in text
    assert "« Personnes accompagnées » non déclaré" in text  # Lille 2024


def test_rates_are_never_summed(client, places):
    lille, grigny = places
    validated(lille, year=2022, **{"taux-droits-ouverts": 40})
    validated(grigny, year=2022, **{"taux-droits-ouverts": 60})
    page = get(client, indicateur="taux-droits-ouverts", de=2022, a=2022).content.decode()
    assert "Total" not in page
    assert "Des taux ne s’additionnent pas." in page
    assert "Médiane des 2 territoires qui ont déclaré une valeur en 2022 : 50\u00a0%" in page


def test_the_charts_are_svg_with_title_desc_and_the_table_figures(client, places):
    page = get(client, indicateur="droits-ouverts").content.decode()
    svgs = re.findall(r"<svg .*?</svg>", page, re.S)
    assert len(svgs) == 2
    bars, lines = svgs
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "Droits ouverts en 2025, par territoire" in bars
    assert "1\u202f500\u00a0droits" in bars and "120\u00a0droits" in bars
    assert "1 500" not in bars  # the same French figures as the table
    assert "Grigny-Test" in lines and "Lille-Test" in lines
    assert "Les mêmes chiffres sont dans le tableau." in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"indicateur": "inconnu"}, "Cet indicateur n’est pas dans le kit"),
        ({"de": "abc"}, "Aucun bilan pour cette année de début"),
        ({"region": "99"}, "Une des régions demandées n’existe pas"),
        ({"type": "planete"}, "Type de territoire inconnu"),
        ({"vague": "1999"}, "Vague inconnue"),
        ({"affichage": "habitants", "indicateur": "taux-droits-ouverts"}, "ne se ramène pas"),
        ({"affichage": "taux", "indicateur": "personnes-reperees"}, "ne se montre pas en taux"),
        ({"tri": "hasard"}, "Tri inconnu"),
        ({"page": "-3"}, "Numéro de page invalide"),
        ({"page": "40"}, "Cette page n’existe pas"),
        ({"public": "martiens"}, "Ce public cible n’existe pas"),
        ({"de": "2025", "a": "2024"}, "elles ont été inversées"),
    ],
)
def test_bad_parameters_get_a_french_message(client, places, params, message):
    response = get(client, **params)
    page = response.content.decode()
    assert 'role="alert"' in page and message in page
    assert "<table>" in page


def _queries(client, count: int) -> int:
    region = Region.objects.get(code="11")
    for number in range(count):
        territory = TerritoryFactory(region=region, population=1000 + number)
        validated(territory, **{"droits-ouverts": number, "personnes-accompagnees": 10})
        validated(territory, year=2024, **{"droits-ouverts": number})
    with CaptureQueriesContext(connection) as queries:
        get(client, indicateur="droits-ouverts", affichage="taux", region="11")
    with CaptureQueriesContext(connection) as export_queries:
        assert client.get("/bilans/comparer/export.csv", {"region": "11"}).status_code == 200
    return len(queries), len(export_queries)


def test_the_query_count_does_not_grow_with_the_territories(client):
    client.force_login(UserFactory(roles=["Commissaires"]))
    small = _queries(client, 3)
    large = _queries(client, 30)
    assert small == large
    assert reverse("reports:compare") == URL


def test_values_are_decimals_rounded_sensibly(places):
    from reports.compare.numbers import french

    assert french(Decimal("1234.5")) == "1\u202f234,5"
    assert french(Decimal("0.005")) == "0,01"
    assert french(Decimal("-12.30")) == "-12,3"


def test_by_default_the_years_end_with_the_last_validated_report(client, places):
    from reports.tests.factories import ReportingCampaignFactory

    ReportingCampaignFactory(year=2026)  # under way: nothing validated yet
    ReportFactory(territory=places[0], year=2026, values={"droits-ouverts": 3})
    response = get(client, indicateur="droits-ouverts")
    assert response.context["selection"].years[-1] == 2025
    assert get(client, indicateur="droits-ouverts", a=2026).context["selection"].years[-1] == 2026
