"""The « Dernières fiches pratiques » section of the home page."""

from django.template.loader import render_to_string


def latest_sheets_section(request) -> str:
    from practices.models import PracticeSheetPage

    sheets = list(
        PracticeSheetPage.objects.live()
        .public()
        .select_related("territory")
        .order_by("-first_published_at")[:3]
    )
    if not sheets:
        return ""
    return render_to_string(
        "practices/includes/home_section.html", {"sheets": sheets}, request=request
    )
