"""What the reports add to other pages: on a practice sheet, each result line links to its
territory's validated report for the same indicator and year (``practices.result_links``)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from reports.dashboard.formatting import french_number
from reports.models import Report, ReportValue


def sheet_result_links(request, sheet, lines) -> dict[int, dict]:
    from website.cache_rules import depends_on

    depends_on(request, "reports")
    years = {line.year for line in lines if line.year}
    if not years or not sheet.territory_id:
        return {}
    values = ReportValue.objects.filter(
        report__territory_id=sheet.territory_id,
        report__status=Report.Status.VALIDATED,
        report__year__in=years,
        indicator_id__in={line.indicator_id for line in lines},
        quarter=0,
    ).select_related("report__territory")
    by_key = {(value.indicator_id, value.report.year): value for value in values}
    links = {}
    for line in lines:
        value = by_key.get((line.indicator_id, line.year))
        if value is None:
            continue
        try:
            url = reverse("reports:detail", args=[value.report.territory.slug, line.year])
        except NoReverseMatch:
            return {}
        links[line.pk] = {
            "url": f"{url}#indicateur-{line.indicator.slug}",
            "text": _("Bilan %(year)s validé du territoire\u00a0: %(value)s %(unit)s")
            % {
                "year": line.year,
                "value": french_number(value.value),
                "unit": value.unit,
            },
        }
    return links
