"""Saved searches and their e-mail alerts (``SavedSearch``).

- A saved search keeps the *canonical* query string of /recherche/: ``q`` and the facet
  parameters, unknown values dropped (``canonical_query_string``).
- Alerts (``send_alerts``, Celery beat through ``search.tasks.send_saved_search_alerts``): each
  active saved search that is due (daily: not sent yet today; weekly: not sent yet this ISO week,
  dates in Europe/Paris) runs through the search backend (with its fallback) with
  ``since = last_sent_at`` (or the creation date) and **the owner's own visibility keys**, so an
  alert never lists what its owner may not read. ONE e-mail per saved search with new results,
  none without. The row is locked, checked again, and ``last_sent_at`` updated in the same
  transaction as the e-mail is queued: a second run the same day sends nothing.
- Documents dated in the future (events: their date is their start) match every ``since``:
  those already sent are remembered (``future_ids``) until their date has passed, so that an
  event is announced once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from search import services
from search.backends.base import FACET_PARAMS, SORT_DATE, Hit
from search.models import SavedSearch

logger = logging.getLogger(__name__)

MAX_PER_USER = 50
ALERT_FETCH = 50  # hits read per alert (newest first)
ALERT_SHOWN = 10  # hits listed in the e-mail
UNSUBSCRIBE_SALT = "search.saved.unsubscribe"


# --- The query string -----------------------------------------------------------------------------


def canonical_query_string(data, user) -> str:
    """``q`` and the known facet values of ``data`` (a QueryDict), in a stable order."""
    return query_string_of(services.read_request(data, user).query)


def query_string_of(query) -> str:
    """The canonical query string of a (validated) ``SearchQuery``."""
    params = []
    if query.text:
        params.append(("q", query.text))
    for param in FACET_PARAMS:
        for value in sorted(query.filters.get(param, [])):
            params.append((param, value))
    return urlencode(params)


def is_empty(query_string: str) -> bool:
    return not query_string


def summary(query_string: str) -> list[str]:
    """Human-readable parts: « numérique », « Type de contenu : Fiche pratique »…"""
    data = QueryDict(query_string)
    labels = services.facet_labels()
    parts = []
    text = data.get("q", "")
    if text:
        parts.append(f"« {text} »")
    for param in FACET_PARAMS:
        values = data.getlist(param)
        if values:
            shown = [labels.get(param, {}).get(value, value) for value in values]
            parts.append(f"{services.FACET_LEGENDS[param]} : {', '.join(shown)}")
    return parts or [_("Tous les contenus")]


def search_url(saved: SavedSearch, absolute: bool = False) -> str:
    url = reverse("search:index")
    query = saved.query_string
    if query:
        url = f"{url}?{query}"
    return _absolute(url) if absolute else url


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def default_name(query_string: str) -> str:
    return " · ".join(summary(query_string))[:100]


# --- Unsubscribe links ----------------------------------------------------------------------------


def unsubscribe_token(saved: SavedSearch) -> str:
    return signing.dumps(saved.pk, salt=UNSUBSCRIBE_SALT)


def saved_from_token(token: str) -> SavedSearch | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return SavedSearch.objects.filter(pk=pk).select_related("user").first()


# --- Alerts ------------------------------------------------------------------------------------


def local_date(moment: datetime):
    return timezone.localtime(moment).date()


def is_due(saved: SavedSearch, now: datetime) -> bool:
    if not saved.is_active:
        return False
    if saved.last_sent_at is None:
        return True
    last, today = local_date(saved.last_sent_at), local_date(now)
    if saved.frequency == SavedSearch.Frequency.DAILY:
        return last < today
    return last.isocalendar()[:2] < today.isocalendar()[:2]


@dataclass
class NewResults:
    hits: list[Hit]
    total: int


def new_results(saved: SavedSearch, now: datetime) -> NewResults:
    """What matches the saved search, for its owner, dated since the last alert."""
    request = services.read_request(QueryDict(saved.query_string), saved.user, per_page=ALERT_FETCH)
    query = request.query
    query.since = saved.last_sent_at or saved.created_at
    query.sort = SORT_DATE
    query.page = 1
    query.with_facets = False
    results = services.run(query)
    already = set(saved.future_ids or [])
    hits = [hit for hit in results.hits if hit.id not in already]
    skipped = len(results.hits) - len(hits)
    return NewResults(hits=hits, total=max(results.total - skipped, len(hits)))


def send_alert(saved_id: int, now: datetime | None = None) -> bool:
    """Send the alert of one saved search if it is due and has new results. Returns whether
    an e-mail was queued."""
    from mailer.services import send_templated

    now = now or timezone.now()
    with transaction.atomic():
        saved = (
            SavedSearch.objects.select_for_update()
            .select_related("user")
            .filter(pk=saved_id, is_active=True, user__is_active=True)
            .first()
        )
        if saved is None or not is_due(saved, now):
            return False
        found = new_results(saved, now)
        if not found.hits:
            return False
        shown = found.hits[:ALERT_SHOWN]
        send_templated(
            saved.user.email,
            "search/email/saved_search_alert",
            {
                "user": saved.user,
                "saved": saved,
                "summary": summary(saved.query_string),
                "hits": [_email_hit(hit) for hit in shown],
                "total": found.total,
                "more": max(found.total - len(shown), 0),
                "search_url": search_url(saved, absolute=True),
                "manage_url": _absolute(reverse("search:saved_list")),
                "unsubscribe_url": _absolute(
                    reverse("search:saved_unsubscribe", args=[unsubscribe_token(saved)])
                ),
                "frequency": saved.get_frequency_display().lower(),
            },
        )
        sent_future = {hit.id for hit in found.hits if hit.date and _aware(hit.date) > now}
        kept_future = {hit.id for hit in _still_future(saved, now)}
        saved.future_ids = sorted(sent_future | kept_future)[-200:]
        saved.last_sent_at = now
        saved.save(update_fields=["last_sent_at", "future_ids"])
        return True


def _still_future(saved: SavedSearch, now: datetime) -> list[Hit]:
    """The documents of ``future_ids`` still dated after ``now`` (others can be forgotten:
    their date is before any later ``since``)."""
    from search.models import SearchDocument

    ids = list(saved.future_ids or [])
    if not ids:
        return []
    return [
        Hit(id=pk, type="", title="", url="", date=date)
        for pk, date in SearchDocument.objects.filter(pk__in=ids, date__gt=now).values_list(
            "pk", "date"
        )
    ]


def _aware(moment: datetime) -> datetime:
    """Hit dates read back from SQLite are naive (UTC)."""
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment


def _email_hit(hit: Hit) -> dict:
    return {
        "title": hit.title,
        "url": _absolute(hit.url),
        "type": hit.type_label,
        "territory": hit.territory_name,
        "date": timezone.localtime(_aware(hit.date)) if hit.date else None,
    }


def send_alerts(frequency: str | None = None, now: datetime | None = None) -> int:
    """Every due saved search (of one frequency, or all). Returns the e-mails queued."""
    now = now or timezone.now()
    queryset = SavedSearch.objects.filter(is_active=True, user__is_active=True)
    if frequency:
        queryset = queryset.filter(frequency=frequency)
    sent = 0
    for saved_id in queryset.order_by("pk").values_list("pk", flat=True).iterator():
        try:
            sent += send_alert(saved_id, now)
        except Exception:  # one failure must not stop the other alerts
            logger.exception("Saved search alert %s failed", saved_id)
    return sent


# --- Integration --------------------------------------------------------------------------------


def dashboard_section(request) -> str:
    """« Mes recherches enregistrées » on « Mon compte »: a link, no query (the page's query
    count is pinned by accounts' tests)."""
    from django.template.loader import render_to_string

    return render_to_string("search/saved/dashboard_section.html", {}, request=request)


def erase_user(user) -> None:
    SavedSearch.objects.filter(user=user).delete()


def connect() -> None:
    """Called from ``SearchConfig.ready``."""
    from accounts import dashboard_sections, personal_data

    dashboard_sections.register("saved_searches", dashboard_section, order=40)
    personal_data.register_eraser(erase_user)
