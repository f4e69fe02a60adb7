"""The « Prochains événements » section of the home page."""

from django.template.loader import render_to_string


def upcoming_events_section(request) -> str:
    from events.models import EventIndexPage
    from events.services import upcoming_events

    events = list(upcoming_events().filter(is_cancelled=False)[:3])
    if not events:
        return ""
    index = EventIndexPage.objects.live().first()
    return render_to_string(
        "events/includes/home_section.html",
        {"events": events, "index_url": index.url if index else ""},
        request=request,
    )
