"""The upload page, the review of a pending import, its confirmation (all or nothing) and who may
do it."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from reports import services
from reports.models import Report, ReportEvent, ReportImport
from reports.tests.factories import ReportFactory
from reports.tests.imports_files import csv_rows, csv_upload, line, workbook_of, xlsx_upload
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    member = MembershipFactory(territory=territory).user
    referent = MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user
    return territory, member, referent


def _url(name, territory, *args, year=2025):
    return reverse(f"reports:{name}", args=[territory.slug, year, *args])


def _upload(client, territory, rows, **options):
    return client.post(_url("import", territory), {"fichier": xlsx_upload(rows, **options)})


def _values(report):
    return {
        (v.indicator.slug, v.quarter): v.value for v in report.values.select_related("indicator")
    }


def test_the_page_says_formats_size_and_links_the_prefilled_template(client, team):
    territory, member, _referent = team
    client.force_login(member)
    response = client.get(_url("import", territory))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Formats acceptés : XLSX ou CSV. Taille maximale : 5\xa0Mo." in page
    assert _url("template", territory, "xlsx") in page
    assert 'type="file"' in page and 'accept=".xlsx,.csv"' in page


def test_upload_review_confirm(client, team):
    territory, member, _referent = team
    report = ReportFactory(territory=territory, values={"droits-ouverts": 80})
    client.force_login(member)
    response = _upload(
        client,
        territory,
        [
            line("droits-ouverts", 120, source="CAF"),
            line("montant-droits", "abc"),
            line("personnes-contactees", 30, period="T1"),
            line("professionnels-formes", ""),
        ],
    )
    pending = ReportImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("import_review", territory, pending.pk)
    assert pending.report == report and pending.status == ReportImport.Status.PENDING
    assert _values(report) == {("droits-ouverts", 0): 80}  # nothing imported yet

    page = client.get(response["Location"]).content.decode()
    assert "2 lignes acceptées" in page and "1 ligne refusée" in page
    assert "1 ligne sans valeur, ignorée (ligne 5)" in page
    assert "Ligne 3 : « abc » n’est pas un nombre" in page
    assert "Importer les 2 lignes acceptées" in page
    assert "80 droits" in page and "remplacée" in page  # the current value, shown

    response = client.post(response["Location"], {"action": "importer"})
    assert response.status_code == 302
    assert _values(report) == {("droits-ouverts", 0): 120, ("personnes-contactees", 1): 30}
    assert report.values.get(quarter=0).source == "CAF"
    event = report.events.get(kind=ReportEvent.Kind.IMPORTED)
    assert event.user == member and "2 lignes importées depuis « bilan.xlsx »" in event.comment
    pending.refresh_from_db()
    assert pending.status == ReportImport.Status.CONFIRMED and pending.decided_at
    # Confirming twice saves nothing more.
    response = client.post(_url("import_review", territory, pending.pk), {"action": "importer"})
    assert "déjà été enregistré" in response.content.decode()
    assert report.events.filter(kind=ReportEvent.Kind.IMPORTED).count() == 1


def test_a_first_upload_starts_the_report(client, team):
    territory, member, _referent = team
    client.force_login(member)
    _upload(client, territory, [line("droits-ouverts", 5)])
    report = services.current_report(territory, 2025)
    assert report.status == Report.Status.DRAFT and not report.values.exists()


def test_wrong_files_keep_the_form_with_a_french_message(client, team):
    territory, member, _referent = team
    ReportFactory(territory=territory)
    client.force_login(member)
    png = SimpleUploadedFile("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    response = client.post(_url("import", territory), {"fichier": png})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in page and "n’est pas un tableau lisible" in page
    assert 'aria-invalid="true"' in page and 'href="#id_fichier"' in page
    response = client.post(_url("import", territory), {})
    assert "Choisissez le fichier" in response.content.decode()
    wide = xlsx_upload([["Fictiville", "2025", 3]], headers=["Territoire", "Période", "Droits"])
    response = client.post(_url("import", territory), {"fichier": wide})
    assert "n’est pas le modèle de collecte du kit" in response.content.decode()
    assert not ReportImport.objects.exists()


def test_nothing_is_saved_when_the_report_was_sent_between_review_and_confirm(client, team):
    territory, member, _referent = team
    report = ReportFactory(territory=territory, values={"droits-ouverts": 80})
    client.force_login(member)
    _upload(client, territory, [line("droits-ouverts", 120), line("montant-droits", 10)])
    pending = ReportImport.objects.get()
    services.submit(report, member)
    response = client.post(_url("import_review", territory, pending.pk), {"action": "importer"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Rien n’a été enregistré" in page and "attend la validation" in page
    assert _values(report) == {("droits-ouverts", 0): 80}
    pending.refresh_from_db()
    assert pending.status == ReportImport.Status.PENDING


def test_a_failure_midway_saves_no_line(client, team, monkeypatch):
    territory, member, _referent = team
    report = ReportFactory(territory=territory, values={"droits-ouverts": 80})
    client.force_login(member)
    _upload(client, territory, [line("droits-ouverts", 120), line("montant-droits", 10)])
    pending = ReportImport.objects.get()
    from reports.models import ReportValue

    calls = []
    original = ReportValue.objects.create

    def fail_on_second(**fields):
        calls.append(fields)
        raise RuntimeError("disque plein")

    monkeypatch.setattr(ReportValue.objects, "create", fail_on_second)
    client.raise_request_exception = False
    response = client.post(_url("import_review", territory, pending.pk), {"action": "importer"})
    assert response.status_code == 500 and calls
    monkeypatch.setattr(ReportValue.objects, "create", original)
    assert _values(report) == {("droits-ouverts", 0): 80}  # the first line was rolled back
    pending.refresh_from_db()
    assert pending.status == ReportImport.Status.PENDING
    assert not report.events.filter(kind=ReportEvent.Kind.IMPORTED).exists()


def test_an_import_without_accepted_lines_cannot_be_confirmed(client, team):
    territory, member, _referent = team
    ReportFactory(territory=territory)
    client.force_login(member)
    _upload(client, territory, [line("inconnu", 3)])
    pending = ReportImport.objects.get()
    page = client.get(_url("import_review", territory, pending.pk)).content.decode()
    assert "Aucune ligne n’a été acceptée : il n’y a rien à importer" in page
    assert 'value="importer"' not in page
    response = client.post(_url("import_review", territory, pending.pk), {"action": "importer"})
    assert "il n’y a rien à importer" in response.content.decode()


def test_cancel(client, team):
    territory, member, _referent = team
    report = ReportFactory(territory=territory)
    client.force_login(member)
    _upload(client, territory, [line("droits-ouverts", 3)])
    pending = ReportImport.objects.get()
    response = client.post(_url("import_review", territory, pending.pk), {"action": "abandonner"})
    assert response["Location"] == _url("import", territory)
    pending.refresh_from_db()
    assert pending.status == ReportImport.Status.CANCELLED and not report.values.exists()


def test_an_import_belongs_to_its_report(client, team):
    territory, member, _referent = team
    ReportFactory(territory=territory)
    client.force_login(member)
    _upload(client, territory, [line("droits-ouverts", 3)])
    pending = ReportImport.objects.get()
    other = MembershipFactory(user=member).territory
    ReportFactory(territory=other)
    assert client.get(_url("import_review", other, pending.pk)).status_code == 404
    assert client.get(_url("import_review", territory, pending.pk, year=2024)).status_code == 404


@pytest.mark.parametrize(
    ("who", "page", "confirm"),
    [
        ("member", 200, 302),
        ("referent", 200, 302),
        ("other_member", 403, 403),
        ("commissioner", 403, 403),
        ("anonymous", 302, 302),
    ],
)
def test_who_may_upload_and_confirm(client, team, who, page, confirm):
    territory, member, referent = team
    report = ReportFactory(territory=territory)
    pending = ReportImport.objects.create(
        report=report,
        file_name="bilan.xlsx",
        rows=[{"row": 2, "indicator_id": _droits(), "quarter": 0, "value": "7", "source": ""}],
    )
    users = {
        "member": member,
        "referent": referent,
        "other_member": MembershipFactory().user,
        "commissioner": UserFactory(roles=["Commissaires"]),
    }
    if who in users:
        client.force_login(users[who])
    response = client.get(_url("import", territory))
    assert response.status_code == page
    if who == "anonymous":
        assert "/compte/login/" in response["Location"]
    response = client.post(_url("import", territory), {"fichier": xlsx_upload([])})
    assert response.status_code in (page, 302)
    response = client.post(_url("import_review", territory, pending.pk), {"action": "importer"})
    assert response.status_code == confirm
    saved = report.values.exists()
    assert saved is (who in ("member", "referent"))


def _droits():
    from taxonomy.models import ResultIndicator

    return ResultIndicator.objects.get(slug="droits-ouverts").pk


def test_a_report_waiting_for_validation_shows_why_and_no_form(client, team):
    territory, member, _referent = team
    ReportFactory(territory=territory, status=Report.Status.SUBMITTED)
    client.force_login(member)
    page = client.get(_url("import", territory)).content.decode()
    assert "attend la validation" in page and 'type="file"' not in page
    _upload(client, territory, [line("droits-ouverts", 3)])
    assert not ReportImport.objects.exists()


def test_the_problems_download(client, team):
    territory, member, _referent = team
    ReportFactory(territory=territory)
    client.force_login(member)
    rows = [line("droits-ouverts", "=1+1"), line("montant-droits", "")]
    client.post(_url("import", territory), {"fichier": csv_upload(rows)})
    pending = ReportImport.objects.get()
    response = client.get(_url("import_problems", territory, pending.pk, "csv"))
    rows = csv_rows(response.content)
    assert rows[0] == ["Ligne", "Colonne", "Niveau", "Message"]
    assert rows[1][:3] == ["2", "Valeur", "Ligne refusée"]
    assert rows[1][3].startswith("Ligne 2 : « =1+1 » n’est pas un nombre")
    assert rows[2][2] == "Ligne ignorée"
    response = client.get(_url("import_problems", territory, pending.pk, "xlsx"))
    sheet = workbook_of(response.content).active
    assert sheet["A2"].value == 2 and sheet["C2"].value == "Ligne refusée"
    assert 'filename="compte-rendu-bilan.xlsx"' in response["Content-Disposition"]
    client.force_login(MembershipFactory().user)
    assert client.get(_url("import_problems", territory, pending.pk, "csv")).status_code == 403


def test_review_page_queries_do_not_grow_with_the_lines(client, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from taxonomy.models import ResultIndicator

    territory, member, _referent = team
    report = ReportFactory(territory=territory)
    client.force_login(member)
    ids = list(ResultIndicator.objects.values_list("pk", flat=True))
    counts = []
    for size in (1, len(ids)):
        pending = ReportImport.objects.create(
            report=report,
            file_name="x.xlsx",
            rows=[
                {"row": n + 2, "indicator_id": pk, "quarter": 0, "value": str(Decimal(n))}
                for n, pk in enumerate(ids[:size])
            ],
            problems=[
                {"row": n + 2, "column": "Valeur", "message": "?", "level": "attention"}
                for n in range(size)
            ],
        )
        client.get(_url("import_review", territory, pending.pk))  # sessions, caches warmed
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("import_review", territory, pending.pk)).status_code == 200
        counts.append(len(queries))
    assert len(ids) > 5 and counts[0] == counts[1]
