"""Event index (list, filters, month calendar) and event page (registration, cancellation).

The routes live on the pages (``events.models``) and delegate to these functions."""

import calendar
from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import DsfrFormMixin
from events import calendar_links, permissions, places, series, services, timing
from events.models import EventIndexPage, EventPage
from events.months import (
    month_bounds,
    month_choices,
    month_label,
    next_month,
    parse_month,
    previous_month,
)
from website import member_cache, page_views

PAST_PER_PAGE = 10


# --- Forms ---------------------------------------------------------------------------------------


class RegistrationForm(DsfrFormMixin, forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Votre réponse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.ANSWER_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": gettext_lazy(
                "Votre réponse est trop longue (%(limit_value)d caractères au plus)."
            )
        },
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        if event.registration_question:
            self.fields["answer"].label = event.registration_question
            self.fields["answer"].help_text = _("Visible par l’équipe d’animation.")
            self._bound_fields_cache.pop("answer", None)  # built by DsfrFormMixin with the label
        else:
            del self.fields["answer"]


# --- Index ---------------------------------------------------------------------------------------


def _events(index):
    from events.models import EventPage

    return EventPage.objects.child_of(index).live().public().select_related("series")


@page_views.handles(EventIndexPage, "event_list")
def event_list(request, index):
    from events.models import EventPage

    now = timezone.now()
    kinds = dict(EventPage.Kind.choices)
    kind, month, notices = _list_filters(request, kinds)

    events = _events(index)
    if kind:
        events = events.filter(kind=kind)
    choices = month_choices(events, selected=month)
    if month:
        start, end = month_bounds(month)
        events = events.filter(start__lt=end, end__gte=start)

    upcoming = places.set_places_left(
        places.with_confirmed_count(events.filter(end__gte=now)).order_by("start", "pk")
    )
    past_qs = events.filter(end__lt=now).order_by("-start", "-pk")
    paginator = Paginator(past_qs, PAST_PER_PAGE)
    past_page = paginator.get_page(request.GET.get("page"))

    params = {"type": kind} if kind else {}
    if month:
        params["mois"] = month.strftime("%Y-%m")
    active_filters = _active_filters(kind, month, params, kinds)

    context = index.get_context(request)
    context.update(
        {
            "upcoming": upcoming,
            "past_page": past_page,
            "past_events": list(past_page.object_list),
            "notices": notices,
            "kinds": EventPage.Kind.choices,
            "filters": {"type": kind, "mois": month.strftime("%Y-%m") if month else ""},
            "month_choices": choices,
            "active_filters": active_filters,
            "filter_query": urlencode(params),
            "index_url": index.url,
            "calendar_url": index.url + "calendrier/",
            "public_feed_url": reverse("events:public_feed"),
        }
    )
    member_cache.mark_cacheable(request, index)
    return TemplateResponse(request, "events/event_index_page.html", context)


def _list_filters(request, kinds: dict) -> tuple[str, date | None, list[str]]:
    """The kind and the month asked for in the query string; an unknown one is ignored, with a
    notice saying so."""
    notices = []
    kind = request.GET.get("type", "").strip()
    if kind and kind not in kinds:
        notices.append(
            _("Le type d’événement « %(value)s » n’existe pas : ce filtre est ignoré.")
            % {"value": kind[:50]}
        )
        kind = ""
    raw_month = request.GET.get("mois", "").strip()
    month = parse_month(raw_month)
    if raw_month and month is None:
        notices.append(
            _(
                "Le mois « %(value)s » n’est pas reconnu (format attendu : AAAA-MM) : "
                "ce filtre est ignoré."
            )
            % {"value": raw_month[:50]}
        )
    return kind, month, notices


def _active_filters(kind: str, month: date | None, params: dict, kinds: dict) -> list[dict]:
    """One entry per filter in use: its label and the query string without it."""
    active_filters = []
    if kind:
        rest = {k: v for k, v in params.items() if k != "type"}
        active_filters.append({"label": kinds[kind], "query": urlencode(rest)})
    if month:
        rest = {k: v for k, v in params.items() if k != "mois"}
        active_filters.append({"label": month_label(month), "query": urlencode(rest)})
    return active_filters


@page_views.handles(EventIndexPage, "month_calendar")
def month_calendar(request, index):
    raw_month = request.GET.get("mois", "").strip()
    month = parse_month(raw_month)
    notices = []
    if raw_month and month is None:
        notices.append(
            _(
                "Le mois « %(value)s » n’est pas reconnu (format attendu : AAAA-MM) : "
                "voici le mois en cours."
            )
            % {"value": raw_month[:50]}
        )
    today = timezone.localdate()
    if month is None:
        month = today.replace(day=1)
    start, end = month_bounds(month)
    events = list(_events(index).filter(start__lt=end, end__gte=start).order_by("start", "pk"))
    weeks = _calendar_weeks(events, month, today)
    previous, following = previous_month(month), next_month(month)
    context = index.get_context(request)
    context.update(
        {
            "month": month,
            "month_label": month_label(month),
            "weeks": weeks,
            "weekdays": [
                _("Lundi"),
                _("Mardi"),
                _("Mercredi"),
                _("Jeudi"),
                _("Vendredi"),
                _("Samedi"),
                _("Dimanche"),
            ],
            "events_count": len(events),
            "notices": notices,
            "index_url": index.url,
            "calendar_url": index.url + "calendrier/",
            "previous_month": previous.strftime("%Y-%m"),
            "previous_label": month_label(previous),
            "next_month": following.strftime("%Y-%m"),
            "next_label": month_label(following),
            "list_url": index.url + "?" + urlencode({"mois": month.strftime("%Y-%m")}),
        }
    )
    return TemplateResponse(request, "events/event_calendar.html", context)


def _calendar_weeks(events, month: date, today: date) -> list[list[dict]]:
    """The weeks of ``month`` (Monday first), each day with the events it belongs to: an event
    spanning several days appears on each of them within the month."""
    by_day: dict[date, list] = {}
    for event in events:
        day = max(timezone.localtime(event.start).date(), month)
        last = timezone.localtime(event.end).date()
        while day <= last and day.month == month.month:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    return [
        [
            {
                "date": day,
                "in_month": day.month == month.month,
                "is_today": day == today,
                "events": by_day.get(day, []) if day.month == month.month else [],
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]


# --- Event page ----------------------------------------------------------------------------------


def library_materials(request, event) -> list[dict]:
    """The library documents attached to the event that this request may see (published, and
    not behind a page restriction it fails: ``website.page_access``), each with whether the
    person may download its file (``library.permissions.can_fetch_file``)."""
    from library.permissions import can_fetch_file
    from website.page_access import may_see_page

    materials = []
    for material in event.materials.select_related("document__kind").order_by("sort_order"):
        document = material.document
        if not document.live or not may_see_page(request, document):
            continue
        version = document.current_version
        materials.append(
            {
                "document": document,
                "version": version,
                "can_download": version is not None and can_fetch_file(request, document),
            }
        )
    return materials


def event_context(request, event) -> dict:
    from events.models import Registration

    user = request.user
    registration = services.registration_for(user, event)
    confirmed = services.confirmed_count(event)
    is_full = event.capacity is not None and confirmed >= event.capacity
    refusal = permissions.why_cannot_register(user, event, registration=registration)
    from events.facilitator import can_facilitate
    from forum.services import related_threads

    threads, threads_count = related_threads(user, event)
    context = {
        "related_threads": threads,
        "related_threads_count": threads_count,
        "can_facilitate": can_facilitate(user),
        "registration": registration,
        "is_registered": registration is not None
        and registration.status == Registration.Status.CONFIRMED,
        "is_waitlisted": registration is not None
        and registration.status == Registration.Status.WAITLIST,
        "waitlist_rank": _waitlist_rank(registration),
        "confirmed_count": confirmed,
        "remaining_places": None if event.capacity is None else max(event.capacity - confirmed, 0),
        "is_full": is_full,
        "registration_refusal": refusal,
        "can_register": refusal is None,
        **_join_link_context(user, event, registration),
        **_undo_context(user, event, registration),
        "calendar_links": calendar_links.links(event),
        "series_sessions": series.other_sessions(event),
        "speakers": [line.strip() for line in event.speakers.splitlines() if line.strip()],
        "tags": [
            *event.audiences.all(),
            *event.barriers.all(),
            *event.action_types.all(),
        ],
        "library_materials": library_materials(request, event),
        "is_past": event.is_past,
        "has_started": event.start <= timezone.now(),
    }
    context["has_materials"] = bool(
        event.replay_url or event.report or context["library_materials"]
    )
    parent = event.get_parent()
    context["index_url"] = parent.url if parent else "/"
    if refusal is None:
        context["registration_form"] = RegistrationForm(event=event)
    return context


def _join_link_context(user, event, registration) -> dict:
    """The connection link (``events.permissions.join_link_state``). The event page of a
    logged-in person is never cached (it is not ``mark_cacheable``) and the anonymous copy
    never holds the link: the moment it opens cannot be served stale."""
    state = permissions.join_link_state(user, event, registration=registration)
    return {
        "join_link_state": state,
        "show_online_link": state == "open",
        "join_link_minutes": timing.join_link_minutes(),
    }


def _undo_context(user, event, registration) -> dict:
    """A cancellation that may still be undone (« Annuler l’annulation »)."""
    cancelled = None if registration is not None else services.cancelled_registration(user, event)
    if cancelled is None:
        return {"undo_registration": None}
    return {
        "undo_registration": cancelled,
        "undo_until": timing.french_time(timing.undo_deadline(cancelled)),
        "undo_minutes": timing.undo_minutes(),
    }


def _waitlist_rank(registration) -> str:
    """« 3e » for the third person waiting, empty unless on the waiting list."""
    position = places.waitlist_position(registration)
    return places.french_ordinal(position) if position else ""


def render_event(request, event, **extra):
    return event.render(request, context_overrides={**event_context(request, event), **extra})


@page_views.handles(EventPage, "event_detail")
def event_detail(request, event):
    return render_event(request, event)
