"""What views (and other apps: saved searches, alerts) call: read the GET parameters into a
``SearchQuery``, run it on the current backend with the fallback, label the facets, propose
near spellings, and the as-you-type suggestions."""

from __future__ import annotations

import difflib
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from search import backends, text, visibility
from search.backends.base import (
    FACET_PARAMS,
    SORT_DATE,
    SORT_RELEVANCE,
    SearchQuery,
    SearchResults,
)
from search.models import DocumentType

logger = logging.getLogger(__name__)


def per_page_setting() -> int:
    return max(1, int(getattr(settings, "SEARCH_RESULTS_PER_PAGE", 20)))


MAX_PAGE = 500
MAX_VALUES_PER_PARAM = 30
NOTICE_VALUE_MAX_LENGTH = 60
LABELS_CACHE_SECONDS = 300

FACET_LEGENDS = {
    "type": gettext_lazy("Type de contenu"),
    "public": gettext_lazy("Publics"),
    "frein": gettext_lazy("Freins"),
    "droit": gettext_lazy("Droits et prestations"),
    "action": gettext_lazy("Types d’action"),
    "partenaire": gettext_lazy("Partenaires"),
    "territoire": gettext_lazy("Territoires"),
    "region": gettext_lazy("Régions"),
    "annee": gettext_lazy("Année"),
}
SORTS = {
    SORT_RELEVANCE: gettext_lazy("Pertinence"),
    SORT_DATE: gettext_lazy("Les plus récents"),
}
TAXONOMY_MODELS = {
    "public": "taxonomy.Audience",
    "frein": "taxonomy.Barrier",
    "droit": "taxonomy.Benefit",
    "action": "taxonomy.ActionType",
    "partenaire": "taxonomy.Partner",
}


# --- Labels of the facet values -----------------------------------------------------------------


def facet_labels() -> dict[str, dict[str, str]]:
    """param → {value: label} for every known value (cached 5 minutes)."""
    labels = cache.get("search:facet-labels")
    if labels is not None:
        return labels
    from django.apps import apps

    from accounts.models import Region, Territory

    labels = {"type": {value: str(label) for value, label in DocumentType.choices}}
    for param, path in TAXONOMY_MODELS.items():
        model = apps.get_model(path)
        labels[param] = dict(
            model.objects.order_by("position", "label").values_list("slug", "label")
        )
    labels["territoire"] = dict(Territory.objects.order_by("name").values_list("slug", "name"))
    labels["region"] = dict(Region.objects.order_by("name").values_list("slug", "name"))
    cache.set("search:facet-labels", labels, LABELS_CACHE_SECONDS)
    return labels


def _valid_year(value: str) -> bool:
    return value.isdigit() and len(value) == 4 and 1990 <= int(value) <= 2100


# --- Reading the request ------------------------------------------------------------------------


@dataclass
class SearchRequest:
    query: SearchQuery
    notices: list[str] = field(default_factory=list)
    page_requested: int = 1


def _shown(value: str) -> str:
    value = str(value)
    if len(value) > NOTICE_VALUE_MAX_LENGTH:
        return value[: NOTICE_VALUE_MAX_LENGTH - 1] + "…"
    return value


def read_request(data, user, per_page: int | None = None) -> SearchRequest:
    """GET parameters → SearchQuery; unknown values are dropped with a French notice."""
    per_page = per_page or per_page_setting()
    notices: list[str] = []
    raw_text = " ".join((data.get("q") or "").split())
    labels = facet_labels()
    filters: dict[str, list[str]] = {}
    for param in FACET_PARAMS:
        values = []
        for value in data.getlist(param)[:MAX_VALUES_PER_PARAM]:
            value = value.strip()
            if not value or value in values:
                continue
            known = _valid_year(value) if param == "annee" else value in labels.get(param, {})
            if known:
                values.append(value)
            else:
                message = _("Le filtre « %(value)s » n’existe pas : il a été ignoré.") % {
                    "value": _shown(value)
                }
                if message not in notices:
                    notices.append(message)
        if values:
            filters[param] = values
    sort = (data.get("tri") or "").strip() or SORT_RELEVANCE
    if sort not in SORTS:
        notices.append(
            _("Le tri « %(value)s » n’existe pas : il a été ignoré.") % {"value": _shown(sort)}
        )
        sort = SORT_RELEVANCE
    page_raw = (data.get("page") or "1").strip()
    try:
        page = int(page_raw)
        if page < 1:
            raise ValueError
    except ValueError:
        notices.append(
            _("La page « %(value)s » n’existe pas : voici la première.")
            % {"value": _shown(page_raw)}
        )
        page = 1
    if page > MAX_PAGE:
        page = MAX_PAGE
    query = SearchQuery(
        text=raw_text,
        filters=filters,
        page=page,
        per_page=per_page,
        visibility=visibility.keys_for(user),
        sort=sort,
    )
    notices.extend(query.parsed.notices)
    return SearchRequest(query=query, notices=notices, page_requested=page)


# --- Running it -----------------------------------------------------------------------------------


def run(query: SearchQuery) -> SearchResults:
    """Search on the current backend; on failure, the database backend (logged); if that
    fails too, an empty result with a French notice (never an error page)."""
    backend = backends.get_backend()
    try:
        results = backend.search(query)
    except Exception:
        logger.exception("Search failed on %s for %r", backend.name, query.text)
        database = backends.get_database_backend()
        results = None
        if database is not backend:
            try:
                results = database.search(query)
            except Exception:
                logger.exception("Search failed on the database too for %r", query.text)
        if results is None:
            results = SearchResults(query=query, backend="none")
            results.notices.append(
                _("La recherche est momentanément indisponible. Réessayez dans quelques instants.")
            )
            return results
    label_facets(results)
    return results


def search(
    data, user, per_page: int | None = None, http_request=None
) -> tuple[SearchResults, list[str]]:
    """The search page: the results, the notices, the last page when asked past the end.

    With the fragment cache on, the results are cached under the query as read (words, valid
    filters, page, sort) and the person's visibility keys, until the index changes (scope
    ``search`` of website.cache_rules, changed by every index write): people with the same
    rights asking the same thing share them, and nobody ever gets results computed for other
    rights."""
    from website import fragment_cache

    request = read_request(data, user, per_page=per_page)
    query = request.query

    def compute() -> tuple[SearchResults, list[str]]:
        results = run(query)
        notices = list(results.notices)
        if not results.hits and results.total and query.page > 1:
            last = results.num_pages
            notices.append(
                _("La page %(page)s n’existe pas : voici la dernière page (%(last)s).")
                % {"page": query.page, "last": last}
            )
            query.page = last
            results = run(query)
        if not results.total and not query.parsed.is_empty:
            results.spelling = near_spellings(query)
        return results, notices

    if not fragment_cache.enabled():
        results, notices = compute()
        return results, [*request.notices, *notices]
    key = fragment_cache.make_key(
        "search-results",
        [
            json.dumps(
                [
                    backends.get_backend().name,
                    query.text,
                    [[param, query.filters.get(param, [])] for param in FACET_PARAMS],
                    query.page,
                    query.per_page,
                    query.sort,
                    sorted(query.visibility),
                ]
            )
        ],
        http_request,
    )
    cached = fragment_cache.get(key, http_request)
    if cached is fragment_cache.MISSING:
        cached = compute()
        if cached[0].backend == backends.get_backend().name:  # not a fallback's answer
            fragment_cache.store_value(key, cached, http_request, ("search", "taxonomy"))
    results, notices = cached
    return results, [*request.notices, *notices]


def label_facets(results: SearchResults) -> None:
    labels = facet_labels()
    selected = results.query.filters
    facets = {}
    for param in FACET_PARAMS:
        counts = results.facet_counts.get(param, {})
        known = labels.get(param, {})
        values = set(counts) | set(selected.get(param, []))
        rows = []
        for value in values:
            if param == "annee":
                label = value
            elif value in known:
                label = known[value]
            else:
                continue
            rows.append((value, label, counts.get(value, 0)))
        if param == "annee":
            rows.sort(key=lambda row: row[0], reverse=True)
        elif param == "type":
            order = list(known)
            rows.sort(key=lambda row: order.index(row[0]) if row[0] in order else 99)
        elif param in ("territoire", "region"):
            rows.sort(key=lambda row: text.fold(row[1]))
        else:
            order = list(known)  # vocabulary order (position, label)
            rows.sort(key=lambda row: order.index(row[0]))
        facets[param] = rows
    results.facets = facets


# --- Near spellings -----------------------------------------------------------------------------


def near_spellings(query: SearchQuery, limit: int = 1) -> list[str]:
    """Another spelling of the query that finds something for this person (the corrected
    query is run with their visibility keys: a suggestion never reveals a hidden document)."""
    words = query.parsed.all_words()
    if not words:
        return []
    try:
        vocabulary = backends.get_database_backend().vocabulary()
    except Exception:
        logger.exception("No vocabulary for near spellings")
        return []
    known = set(vocabulary)
    by_initial: dict[str, list[str]] = {}
    for word in vocabulary:
        by_initial.setdefault(word[0], []).append(word)
    corrected, changed = [], False
    for word in words:
        if word in known or len(word) < 4 or word.isdigit():
            corrected.append(word)
            continue
        candidates = [w for w in by_initial.get(word[0], []) if abs(len(w) - len(word)) <= 2]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(word)
    if not changed:
        return []
    candidate = " ".join(corrected)
    check = SearchQuery(
        text=candidate, filters={}, per_page=1, visibility=query.visibility, with_facets=False
    )
    try:
        found = backends.get_backend().search(check).total
    except Exception:
        logger.exception("Near-spelling check failed")
        return []
    return [candidate][:limit] if found else []


# --- Suggestions as you type --------------------------------------------------------------------

MIN_SUGGEST_CHARS = 2


def suggestions(prefix: str, user, limit: int = 8) -> list[dict]:
    """Titles the person may read, then taxonomy terms, for the header's combobox."""
    prefix = " ".join((prefix or "").split())[:100]
    if len(text.fold(prefix).strip()) < MIN_SUGGEST_CHARS:
        return []
    keys = visibility.keys_for(user)
    items: list[dict] = []
    try:
        hits = backends.get_backend().suggest(prefix, keys, limit=limit)
    except Exception:
        logger.exception("Suggestions failed for %r", prefix)
        try:
            hits = backends.get_database_backend().suggest(prefix, keys, limit=limit)
        except Exception:
            logger.exception("Suggestions failed on the database for %r", prefix)
            hits = []
    for hit in hits:
        items.append({"label": hit.title, "url": hit.url, "kind": hit.type_label, "type": hit.type})
    items.extend(term_suggestions(prefix, limit=max(3, limit - len(items))))
    return items[: limit + 3]


def term_suggestions(prefix: str, limit: int = 4) -> list[dict]:
    """Taxonomy terms whose label holds every word typed (the last one as a prefix)."""
    from django.urls import reverse

    typed = text.words(prefix)
    if not typed:
        return []
    labels = facet_labels()
    found = []
    for param in TAXONOMY_MODELS:
        for slug, label in labels.get(param, {}).items():
            label_words = text.words(label)
            if all(any(w.startswith(t) for w in label_words) for t in typed):
                found.append(
                    {
                        "label": label,
                        "url": f"{reverse('search:index')}?{param}={slug}",
                        "kind": str(FACET_LEGENDS[param]),
                        "type": "terme",
                    }
                )
                if len(found) >= limit:
                    return found
    return found
