"""What events tell the cache layer (website.cache_rules): the facilitators' pages and the
models that show on no page are left out; a registration or a cancellation changes the places
left of its event (``events.page:<id>``) and the lists of events (``events``), which anonymous
pages may show up to ``GRACE_SECONDS`` late."""

from website.cache_rules import Change

GRACE_SECONDS = 30


def _registration(registration, created):
    return Change((f"events.page:{registration.event_id}",), urgent=False)


def register() -> None:
    from website import cache_rules

    cache_rules.register(
        private_prefixes=("/evenements/animation/",),
        ignored_models=("events.CalendarToken", "events.SurveyAnswer"),
        model_rules={"events.Registration": _registration},
        grace={"events": GRACE_SECONDS, "events.page": GRACE_SECONDS},
    )
