"""Theme pages of the sheets (/fiches/themes/): barrier families, barriers, audiences; their
sums of results; the territory folders leading to the filtered list."""

import pytest

from practices.models import TerritoryFolderPage
from practices.tests.browse import URL, listed_titles
from practices.tests.factories import PracticeSheetFactory

pytestmark = pytest.mark.django_db


# --- Theme pages ----------------------------------------------------------------------------------


def test_theme_index_lists_families_and_audiences(client, sheets):
    response = client.get(URL + "themes/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'href="/fiches/themes/non-recours/non-demande/"' in content
    assert 'href="/fiches/themes/non-recours/fracture-numerique/"' in content
    assert 'href="/fiches/themes/public/jeunes/"' in content
    assert "Non-demande</a> (2 fiches)" in content


def test_theme_page_of_a_barrier_family(client, sheets):
    response = client.get(URL + "themes/non-recours/non-demande/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Non-demande</h1>" in content
    assert set(listed_titles(response)) == {sheets["bus"].title, sheets["young"].title}
    assert "Brouillon secret" not in content
    assert [t.name for t in response.context["territories"]] == ["Bourg-Essai", "Fictiville"]
    assert "Bourg-Essai</a> (Bretagne)" in content
    sums = {row["indicator"].slug: row["total"] for row in response.context["sums"]}
    assert sums["droits-ouverts"] == pytest.approx(125.5)  # never the draft's 1000
    assert sums["personnes-contactees"] == 300
    assert sums["personnes-reperees"] is None
    assert '<div class="fr-table"><table>' in content and "<caption>" in content
    assert "125,5" in content


def test_theme_page_of_a_barrier_and_of_an_audience(client, sheets):
    response = client.get(URL + "themes/non-recours/fracture-numerique/")
    assert listed_titles(response) == [sheets["bus"].title]
    assert "Fracture numérique" in response.content.decode()
    response = client.get(URL + "themes/public/jeunes/")
    assert set(listed_titles(response)) == {sheets["bus"].title, sheets["young"].title}
    sums = {row["indicator"].slug: row["total"] for row in response.context["sums"]}
    assert sums["droits-ouverts"] == pytest.approx(125.5)


@pytest.mark.parametrize(
    "path",
    [
        "themes/non-recours/inconnu/",
        "themes/public/inconnu/",
        "themes/autre/jeunes/",
        "themes/public/fracture-numerique/",
    ],
)
def test_unknown_theme_is_404(client, sheets, path):
    assert client.get(URL + path).status_code == 404


@pytest.mark.parametrize("count", [3, 25])
def test_theme_query_count_is_constant(client, lille, count, django_assert_max_num_queries):
    for _number in range(count):
        PracticeSheetFactory(
            territory=lille,
            audiences=["jeunes"],
            barriers=["mobilite"],
            results=[("droits-ouverts", 2)],
        )
    with django_assert_max_num_queries(20):
        response = client.get(URL + "themes/non-recours/non-demande/")
    assert response.context["page_obj"].paginator.count == count


def test_territory_folder_leads_to_the_filtered_list(client, sheets, lille):
    folder = TerritoryFolderPage.objects.get(territory=lille)
    response = client.get(folder.url, follow=True)
    assert response.redirect_chain[-1][0] == "/fiches/?territoire=fictiville"
    assert set(listed_titles(response)) == {sheets["bus"].title, sheets["data"].title}


def test_theme_page_never_adds_up_rates_or_averages(client, lille):
    PracticeSheetFactory(
        territory=lille, audiences=["jeunes"], results=[("taux-droits-ouverts", 40)]
    )
    PracticeSheetFactory(
        territory=lille, audiences=["jeunes"], results=[("taux-droits-ouverts", 60)]
    )
    response = client.get(URL + "themes/public/jeunes/")
    content = response.content.decode()
    assert "non additionnable" in content
    assert ">100<" not in content
    assert 'href="/bibliotheque/kit-evaluation/indicateurs/taux-droits-ouverts/"' in content


def test_theme_sums_keep_years_apart_and_never_add_rates(client, sheets):
    from practices.models import ResultLine
    from taxonomy.models import ResultIndicator

    rights = ResultIndicator.objects.get(slug="droits-ouverts")
    rate = ResultIndicator.objects.get(slug="taux-droits-ouverts")
    ResultLine.objects.create(sheet=sheets["bus"], indicator=rights, value=40, year=2023)
    ResultLine.objects.create(sheet=sheets["bus"], indicator=rate, value=60, year=2024)
    ResultLine.objects.create(sheet=sheets["young"], indicator=rate, value=30, year=2024)
    response = client.get(URL + "themes/non-recours/non-demande/")
    rows = [
        (row["indicator"].slug, row["period"], row["total"], row["sheet_count"])
        for row in response.context["sums"]
        if row["indicator"].slug in ("droits-ouverts", "taux-droits-ouverts")
    ]
    assert rows == [
        ("droits-ouverts", "2024", pytest.approx(125.5), 2),
        ("droits-ouverts", "2023", 40, 1),
        ("taux-droits-ouverts", "2024", None, 2),
    ]
    content = response.content.decode()
    assert "non additionnable" in content
    assert "165,5" not in content  # 2023 and 2024 never added up
