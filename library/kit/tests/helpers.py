"""Shared helpers of the kit's tests: published and draft sheets with result lines."""

from decimal import Decimal

from practices.models import PracticeSheetPage, ResultLine, TerritoryFolderPage
from taxonomy.models import ResultIndicator


def make_sheet(territory, title, live=True):
    folder = TerritoryFolderPage.objects.get(territory=territory)
    sheet = PracticeSheetPage(
        title=title,
        summary="Un minibus passe dans les hameaux.",
        organisation="CCAS",
        context="<p>Contexte</p>",
        actions=[("paragraph", "<p>Ce qui a été fait</p>")],
        territory=territory,
        live=live,
    )
    folder.add_child(instance=sheet)
    if live:
        sheet.save_revision().publish()
    return PracticeSheetPage.objects.get(pk=sheet.pk)


def add_result(sheet, slug, value, period="2025", source="Tableau de suivi"):
    return ResultLine.objects.create(
        sheet=sheet,
        indicator=ResultIndicator.objects.get(slug=slug),
        value=Decimal(value),
        period=period,
        source=source,
    )
