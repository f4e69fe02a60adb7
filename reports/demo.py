"""Demo reports: campaigns 2023 to 2026 and, for every demo territory, its reports from its
first year (its cohort) to 2025, with figures from ``taxonomy.demo_figures`` (the same as its
sheets' results). Most are validated; a few tell the other stories of a campaign:

- Fictiville 2025 is a draft (the demo team finishes it, the demo référent validates it);
- Val-d’Essai 2024 was corrected (version 2 validated, version 1 kept as replaced);
- Saint-Prototype 2025 waits for its référent; Montessai 2025 was sent back;
- Port-Exemple has nothing for 2025: late since the campaign's due date;
- the Département des Pyrénées-Démo scaled its ambitions back in 2025.

Idempotent: a territory's year that already has a report is left as it is."""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from accounts.models import Membership, Territory
from reports.models import Report, ReportEvent, ReportingCampaign, ReportValue
from taxonomy.demo_figures import quarters, territory_figures
from taxonomy.models import ResultIndicator

CAMPAIGNS = {2023: (date(2024, 3, 31), False), 2024: (date(2025, 3, 31), False)}
CAMPAIGNS |= {2025: (date(2026, 3, 31), True), 2026: (date(2027, 3, 31), True)}
LAST_YEAR = 2025
STORIES = {
    ("fictiville", 2025): Report.Status.DRAFT,
    ("saint-prototype", 2025): Report.Status.SUBMITTED,
    ("montessai", 2025): Report.Status.CHANGES_REQUESTED,
}
MISSING = {("port-exemple", 2025)}
CORRECTED = {("val-d-essai", 2024): "Doublons retirés après le croisement avec la CAF (démo)."}
SCALED_BACK = {
    ("departement-des-pyrenees-demo", 2025): (
        "Le partenariat avec la caisse locale a été suspendu six mois : le repérage par "
        "croisement de fichiers a été limité à deux cantons (démo)."
    )
}
SOURCES = {
    "personnes-reperees": "Croisements de fichiers CAF et CCAS (démo)",
    "montant-droits": "Notifications de la CAF et de la CPAM (démo)",
}


def load() -> dict:
    for year, (due_on, is_open) in CAMPAIGNS.items():
        ReportingCampaign.objects.get_or_create(
            year=year, defaults={"due_on": due_on, "is_open": is_open}
        )
    indicators = list(ResultIndicator.objects.filter(is_active=True))
    created = 0
    for territory in Territory.objects.order_by("name"):
        first_year = territory.cohort or 2024
        for year in range(first_year, LAST_YEAR + 1):
            key = (territory.slug, year)
            if key in MISSING or Report.objects.filter(territory=territory, year=year).exists():
                continue
            _report(territory, year, indicators)
            created += 1
    return {"created": created}


def _moment(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime.combine(date(year, month, day), time(10, 0)))


def _report(territory, year, indicators) -> Report:
    key = (territory.slug, year)
    status = STORIES.get(key, Report.Status.VALIDATED)
    referent = (
        Membership.objects.filter(
            territory=territory,
            role=Membership.Role.REFERENT,
            status=Membership.Status.ACCEPTED,
        )
        .select_related("user")
        .first()
    )
    figures = territory_figures(
        territory.slug, territory.population or 20_000, year, territory.cohort or 2024
    )
    version = 1
    if key in CORRECTED:
        first = _new(territory, year, Report.Status.SUPERSEDED, 1, referent)
        _values(first, indicators, figures, territory.slug, bump=Decimal("1.08"))
        version = 2
    report = _new(territory, year, status, version, referent)
    if version == 2:
        report.corrects = first
        report.correction_reason = CORRECTED[key]
        report.save(update_fields=["corrects", "correction_reason"])
        ReportEvent.objects.create(
            report=report, kind=ReportEvent.Kind.CORRECTION, comment=CORRECTED[key]
        )
    if key in SCALED_BACK:
        report.scaled_back = True
        report.scaled_back_reason = SCALED_BACK[key]
        report.save(update_fields=["scaled_back", "scaled_back_reason"])
    partial = status == Report.Status.DRAFT
    _values(report, indicators[:4] if partial else indicators, figures, territory.slug)
    if status == Report.Status.CHANGES_REQUESTED:
        ReportEvent.objects.create(
            report=report,
            kind=ReportEvent.Kind.CHANGES_REQUESTED,
            user=referent.user if referent else None,
            comment="Précisez la source du montant des droits ouverts (démo).",
        )
    return report


def _new(territory, year, status, version, referent) -> Report:
    sent = status != Report.Status.DRAFT
    validated = status in (Report.Status.VALIDATED, Report.Status.SUPERSEDED)
    report = Report.objects.create(
        territory=territory,
        year=year,
        version=version,
        status=status,
        submitted_at=_moment(year + 1, 2, 10 + version) if sent else None,
        validated_at=_moment(year + 1, 3, 1 + version * 5) if validated else None,
        validated_by=referent.user if (referent and validated) else None,
    )
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CREATED)
    if sent:
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SUBMITTED)
    if validated:
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.VALIDATED)
    return report


def _values(report, indicators, figures, seed, bump=Decimal(1)) -> None:
    rows = []
    for indicator in indicators:
        figure = figures.get(indicator.slug)
        if figure is None:
            continue
        value = figure if not indicator.is_additive else (figure * bump).to_integral_value()
        common = {
            "report": report,
            "indicator": indicator,
            "unit": indicator.unit,
            "source": SOURCES.get(indicator.slug, "Tableau de suivi partagé (démo)"),
            "method": "Dédoublonnage par numéro d’allocataire (démo)"
            if indicator.value_kind == "effectif"
            else "",
        }
        rows.append(ReportValue(quarter=0, value=value, **common))
        if indicator.quarterly:
            for number, part in enumerate(quarters(value, seed, report.year), start=1):
                rows.append(ReportValue(quarter=number, value=part, **common))
    ReportValue.objects.bulk_create(rows)
