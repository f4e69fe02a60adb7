"""The CSV export of the list of sheets (/fiches/export.csv): who may have it, what it holds."""

import csv
import io

import pytest
from django.utils import timezone

from accounts import roles
from practices.models import Reuse
from practices.tests.browse import URL, get
from practices.tests.factories import PracticeSheetFactory
from taxonomy.models import ResultIndicator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- CSV export -----------------------------------------------------------------------------------


@pytest.fixture
def csv_urlconf():
    """/fiches/export.csv is served by the project URLconf (config/urls.py)."""


def read_csv(response):
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    return list(csv.reader(io.StringIO(raw[1:]), delimiter=";"))


@pytest.mark.usefixtures("csv_urlconf")
def test_csv_requires_login(client, sheets):
    response = client.get(URL + "export.csv?public=jeunes")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/")
    assert "next=/fiches/export.csv%3Fpublic%3Djeunes" in response["Location"]


@pytest.mark.usefixtures("csv_urlconf")
def test_csv_is_refused_to_other_members(client, sheets):
    client.force_login(UserFactory())
    response = client.get(URL + "export.csv")
    assert response.status_code == 403
    assert "réservé aux commissaires" in response.content.decode()
    _response, content = get(client)
    assert "Exporter en CSV" not in content


@pytest.mark.usefixtures("csv_urlconf")
@pytest.mark.parametrize("role", [roles.COMMISSIONER, roles.FACILITATOR, roles.DGCS_ADMIN])
def test_csv_for_the_roles(client, sheets, role):
    client.force_login(UserFactory(roles=[role]))
    _response, content = get(client, "?public=jeunes")
    assert 'href="/fiches/export.csv?public=jeunes"' in content and "Exporter en CSV" in content
    response = client.get(URL + "export.csv?public=jeunes")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:14] == [
        "titre",
        "url",
        "territoire",
        "région",
        "structure",
        "état",
        "maturité",
        "publics",
        "freins",
        "droits",
        "types d’action",
        "partenaires",
        "publiée le",
        "reprises",
    ]
    indicators = list(ResultIndicator.objects.order_by("position", "label"))
    assert rows[0][14:17] == [
        f"{indicators[0].label} ({indicators[0].unit})",
        f"{indicators[0].label} — période",
        f"{indicators[0].label} — source",
    ]
    assert len(rows[0]) == 14 + 3 * len(indicators)
    assert [row[0] for row in rows[1:]] == ["Permanence jeunes numérique", "Un bus des droits"]


@pytest.mark.usefixtures("csv_urlconf")
def test_csv_content(client, sheets, rennes):
    Reuse.objects.create(sheet=sheets["bus"], territory=rennes)
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    rows = read_csv(client.get(URL + "export.csv?tri=titre"))
    header = rows[0]
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {
        "Un bus des droits",
        "Croisement de fichiers CAF",
        "Permanence jeunes numérique",
    }  # never the draft
    bus = by_title["Un bus des droits"]
    assert bus["url"] == "http://testserver" + sheets["bus"].url
    assert bus["territoire"] == "Fictiville" and bus["région"] == "Hauts-de-France"
    assert bus["structure"] == "CCAS" and bus["état"] == "En cours"
    assert bus["maturité"] == "Testée"
    assert bus["publics"] == "Jeunes (16-25 ans) | Étudiants"
    assert bus["freins"] == "Non-demande › Fracture numérique"
    assert bus["droits"] == "Revenu de solidarité active (RSA)"
    assert bus["partenaires"] == "Caisse d'allocations familiales (CAF)"
    assert bus["publiée le"] == timezone.localtime(sheets["bus"].first_published_at).strftime(
        "%d/%m/%Y"
    )
    assert bus["reprises"] == "1"
    assert bus["Droits ouverts (droits)"] == "120"
    assert bus["Personnes contactées (personnes)"] == "300"
    assert bus["Personnes repérées (personnes)"] == ""
    assert bus["Droits ouverts — période"] == "2024"
    assert by_title["Permanence jeunes numérique"]["Droits ouverts (droits)"] == "5,5"


@pytest.mark.usefixtures("csv_urlconf")
def test_csv_neutralises_formulas(client, lille):
    PracticeSheetFactory(territory=lille, title='=HYPERLINK("http://exemple.org")')
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    rows = read_csv(client.get(URL + "export.csv"))
    assert rows[1][0].startswith("'=")


@pytest.mark.usefixtures("csv_urlconf")
@pytest.mark.parametrize("count", [3, 25])
def test_csv_query_count_is_constant(client, lille, count, django_assert_max_num_queries):
    for _number in range(count):
        PracticeSheetFactory(
            territory=lille,
            audiences=["jeunes"],
            barriers=["mobilite"],
            results=[("droits-ouverts", 2)],
        )
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    with django_assert_max_num_queries(25):  # one more than with the caches off (measured)
        response = client.get(URL + "export.csv?frein=non-demande")
    assert len(read_csv(response)) == count + 1


@pytest.mark.usefixtures("csv_urlconf")
def test_csv_gives_the_latest_period_with_its_source_never_a_sum_of_years(client, sheets):
    from practices.models import ResultLine

    rights = ResultIndicator.objects.get(slug="droits-ouverts")
    ResultLine.objects.create(
        sheet=sheets["bus"], indicator=rights, value=700, year=2025, source="Données CAF"
    )
    ResultLine.objects.create(sheet=sheets["bus"], indicator=rights, value=900, year=2023)
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    rows = read_csv(client.get(URL + "export.csv?tri=titre"))
    bus = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}["Un bus des droits"]
    assert bus["Droits ouverts (droits)"] == "700"
    assert bus["Droits ouverts — période"] == "2025"
    assert bus["Droits ouverts — source"] == "Données CAF"
