"""The downloads: the report (bilan.xlsx / bilan.csv) and the template pre-filled with last
year's values (modele.xlsx / modele.csv), and the round trip through the import."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from reports.models import Report, ReportImport
from reports.tests.factories import ReportFactory
from reports.tests.imports_files import csv_rows, workbook_of
from taxonomy.models import ResultIndicator
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    member = MembershipFactory(territory=territory).user
    return territory, member


def _url(name, territory, fmt, year=2025):
    return reverse(f"reports:{name}", args=[territory.slug, year, fmt])


def test_the_report_download(client, team):
    territory, member = team
    report = ReportFactory(
        territory=territory,
        status=Report.Status.VALIDATED,
        values={
            "droits-ouverts": 120,
            "montant-droits": Decimal("1234.5"),
            ("personnes-contactees", 2): 7,
        },
    )
    report.values.filter(indicator__slug="montant-droits").update(
        method="=SOMME(A1:A3)", comment="Estimé"
    )
    response = client.get(_url("download", territory, "csv"))
    assert response.status_code == 200
    assert 'filename="bilan-fictiville-2025.csv"' in response["Content-Disposition"]
    rows = csv_rows(response.content)
    assert rows[0] == [
        "Territoire",
        "Année",
        "Période",
        "Identifiant",
        "Indicateur",
        "Unité",
        "Valeur",
        "Source",
        "Méthode",
        "Commentaire",
        "Statut",
        "Validé le",
        "Version",
    ]
    by_slug = {(row[3], row[2]): row for row in rows[1:]}
    droits = by_slug[("droits-ouverts", "Année")]
    assert droits[:8] == [
        "Fictiville",
        "2025",
        "Année",
        "droits-ouverts",
        "Droits ouverts",
        "droits",
        "120",
        "Tableau de suivi",
    ]
    assert droits[10] == "Validé" and droits[11] == f"{report.validated_at:%d/%m/%Y}"
    montant = by_slug[("montant-droits", "Année")]
    assert montant[6] == "1234,5" and montant[8] == "'=SOMME(A1:A3)"
    assert ("personnes-contactees", "T2") in by_slug

    sheet = workbook_of(client.get(_url("download", territory, "xlsx")).content).active
    values = {(row[3], row[2]): row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[("montant-droits", "Année")] == 1234.5


def test_who_sees_which_version_of_the_report(client, team):
    territory, member = team
    validated = ReportFactory(
        territory=territory, status=Report.Status.VALIDATED, values={"droits-ouverts": 100}
    )
    ReportFactory(territory=territory, version=2, corrects=validated, values={"droits-ouverts": 90})

    def value(user):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(_url("download", territory, "csv"))
        return response.status_code, [row[6] for row in csv_rows(response.content)[1:]]

    assert value(member) == (200, ["90"])  # the team sees its correction
    assert value(UserFactory(roles=["Commissaires"])) == (200, ["100"])
    assert value(None) == (200, ["100"])
    assert value(MembershipFactory().user) == (200, ["100"])
    client.force_login(member)
    response = client.get(_url("download", territory, "csv") + "?version=1")
    assert [row[6] for row in csv_rows(response.content)[1:]] == ["100"]


def test_a_draft_report_is_only_for_the_team(client, team):
    territory, member = team
    ReportFactory(territory=territory, values={"droits-ouverts": 5})
    assert client.get(_url("download", territory, "xlsx")).status_code == 404
    client.force_login(UserFactory(roles=["Commissaires"]))
    assert client.get(_url("download", territory, "xlsx")).status_code == 404
    client.force_login(member)
    assert client.get(_url("download", territory, "xlsx")).status_code == 200
    pdf = _url("download", territory, "csv").replace(".csv", ".pdf")
    assert client.get(pdf).status_code == 404


def test_the_prefilled_template(client, team):
    territory, member = team
    ReportFactory(
        territory=territory,
        year=2024,
        status=Report.Status.VALIDATED,
        values={"droits-ouverts": 80, ("personnes-contactees", 3): 12},
    )
    client.force_login(member)
    response = client.get(_url("template", territory, "xlsx"))
    assert response.status_code == 200
    assert 'filename="modele-collecte-fictiville-2025.xlsx"' in response["Content-Disposition"]
    workbook = workbook_of(response.content)
    assert workbook.sheetnames == ["Collecte", "Définitions"]
    rows = list(workbook["Collecte"].iter_rows(values_only=True))
    assert rows[0][6] == "Valeur 2024 (rappel)" and rows[0][7] == "Valeur"
    by_key = {(row[3], row[2]): row for row in rows[1:]}
    droits = by_key[("droits-ouverts", "Année")]
    assert droits[:3] == ("Fictiville", "2025", "Année")
    assert droits[6] == 80 and droits[7] is None and droits[8] == "Tableau de suivi"
    assert by_key[("personnes-contactees", "T3")][6] == 12
    assert by_key[("montant-droits", "Année")][6] is None
    count = ResultIndicator.objects.filter(is_active=True).count()
    quarterly = ResultIndicator.objects.filter(is_active=True, quarterly=True).count()
    assert len(rows) == 1 + count + 4 * quarterly

    rows = csv_rows(client.get(_url("template", territory, "csv")).content)
    assert rows[0][6] == "Valeur 2024 (rappel)"
    assert next(row for row in rows if row[3] == "droits-ouverts")[6:8] == ["80", ""]


@pytest.mark.parametrize(
    ("who", "status"), [("referent", 200), ("other", 403), ("commissioner", 403), ("anon", 302)]
)
def test_who_may_download_the_template(client, team, who, status):
    territory, _member = team
    users = {
        "referent": MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user,
        "other": MembershipFactory().user,
        "commissioner": UserFactory(roles=["Commissaires"]),
    }
    if who in users:
        client.force_login(users[who])
    assert client.get(_url("template", territory, "csv")).status_code == status


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_download_fill_upload(client, team, fmt):
    territory, member = team
    ReportFactory(
        territory=territory,
        year=2024,
        status=Report.Status.VALIDATED,
        values={"droits-ouverts": 80},
    )
    report = ReportFactory(territory=territory)
    client.force_login(member)
    content = client.get(_url("template", territory, fmt)).content
    typed = {
        ("droits-ouverts", "Année"): "195",
        ("montant-droits", "Année"): "1 500,75",
        ("personnes-contactees", "T1"): "14",
        ("taux-droits-ouverts", "Année"): "42,5",
    }
    if fmt == "xlsx":
        workbook = workbook_of(content)
        sheet = workbook["Collecte"]
        for cells in sheet.iter_rows(min_row=2):
            key = (cells[3].value, cells[2].value)
            if key in typed:
                cells[7].value = (
                    typed[key]
                    if key[0] == "montant-droits"
                    else float(typed[key].replace(",", "."))
                )
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    else:
        rows = csv_rows(content)
        for row in rows[1:]:
            row[7] = typed.get((row[3], row[2]), "")
        content = "\r\n".join(";".join(row) for row in rows).encode("utf-8-sig")
    response = client.post(
        reverse("reports:import", args=[territory.slug, 2025]),
        {"fichier": SimpleUploadedFile(f"modele.{fmt}", content)},
    )
    pending = ReportImport.objects.get()
    assert response.status_code == 302
    assert [p for p in pending.problems if p["level"] == "erreur"] == []
    assert "195 droits, alors que le bilan 2024 validé indiquait 80 droits" in str(pending.problems)
    client.post(response["Location"], {"action": "importer"})
    saved = {
        (v.indicator.slug, v.quarter): (v.value, v.source)
        for v in report.values.select_related("indicator")
    }
    assert saved == {
        ("droits-ouverts", 0): (Decimal("195"), "Tableau de suivi"),
        ("montant-droits", 0): (Decimal("1500.75"), ""),
        ("personnes-contactees", 1): (Decimal("14"), ""),
        ("taux-droits-ouverts", 0): (Decimal("42.5"), ""),
    }


def test_the_kits_blank_template_imports_too(client, team):
    territory, member = team
    report = ReportFactory(territory=territory)
    client.force_login(member)
    rows = csv_rows(client.get(reverse("kit:template_csv")).content)
    for row in rows[1:]:
        if (row[3], row[2]) == ("personnes-accompagnees", "Année"):
            row[6] = "250"
    content = "\r\n".join(";".join(row) for row in rows).encode("utf-8-sig")
    response = client.post(
        reverse("reports:import", args=[territory.slug, 2025]),
        {"fichier": SimpleUploadedFile("kit.csv", content)},
    )
    client.post(response["Location"], {"action": "importer"})
    assert [(v.indicator.slug, v.value) for v in report.values.all()] == [
        ("personnes-accompagnees", Decimal("250"))
    ]
