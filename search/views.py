"""/recherche/ (the search page) and /recherche/suggestions/ (JSON for the header's combobox).
Thin views: ``search.services`` reads the parameters and runs the query."""

import json
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from search import backends, services
from search.backends.base import FACET_PARAMS, SORT_RELEVANCE
from website import cache_rules, member_cache
from website.ratelimit import ratelimit


def _params(query, without=None, page=None, with_sort=True):
    params = []
    if query.text and without != ("q", query.text):
        params.append(("q", query.text))
    for param in FACET_PARAMS:
        for value in query.filters.get(param, []):
            if (param, value) != without:
                params.append((param, value))
    if with_sort and query.sort != SORT_RELEVANCE:
        params.append(("tri", query.sort))
    if page and page > 1:
        params.append(("page", str(page)))
    return params


@require_GET
def search_page(request):
    cache_rules.depends_on(request, "search", "taxonomy", "territories")
    results, notices = services.search(request.GET, request.user, http_request=request)
    if results.backend == backends.get_backend().name:  # not a fallback's answer
        member_cache.mark_cacheable(request)
    query = results.query
    context = {
        "results_key": _results_key(query, results),
        "results": results,
        "query": query,
        "search_query": query.text,
        "notices": notices,
        "facets": _facets(query, results),
        "active_filters": _active_filters(query, results),
        "pagination": _pagination(query, results),
        "sorts": list(services.SORTS.items()),
        "sort_hidden_params": [(name, value) for name, value in _params(query, with_sort=False)],
        "first_rank": query.offset + 1,
        "spelling_links": _spelling_links(query, results),
    }
    return render(request, "search/search.html", context)


def _facets(query, results):
    """The facet fieldsets: the values found (or selected), with their counts."""
    facets = []
    for param in FACET_PARAMS:
        rows = results.facets.get(param, [])
        selected = set(query.filters.get(param, []))
        options = [
            {
                "value": value,
                "label": label,
                "count": count,
                "selected": value in selected,
                "input_id": f"filtre-{param}-{value}",
            }
            for value, label, count in rows
            if count or value in selected
        ]
        if options:
            facets.append(
                {"param": param, "legend": str(services.FACET_LEGENDS[param]), "options": options}
            )
    return facets


def _active_filters(query, results):
    """The words and values searched, each with the address of the search without it."""
    labels = {
        param: {value: label for value, label, _count in rows}
        for param, rows in results.facets.items()
    }
    active = []
    if query.text:
        active.append(
            {
                "param": "q",
                "label": _("Recherche : %(q)s") % {"q": query.text},
                "remove": urlencode(_params(query, without=("q", query.text))),
            }
        )
    for param in FACET_PARAMS:
        for value in query.filters.get(param, []):
            label = labels.get(param, {}).get(value, value)
            active.append(
                {
                    "param": param,
                    "label": label,
                    "legend": str(services.FACET_LEGENDS[param]),
                    "remove": urlencode(_params(query, without=(param, value))),
                }
            )
    return active


def _results_key(query, results):
    """What the filters and results regions of the page are made of: the query as read, the
    rights of the person (visibility keys) and the backend that answered. The regions are a
    cached fragment under this key (search/search.html) for the current generation."""
    return json.dumps(
        [
            results.backend,
            query.text,
            query.page,
            query.per_page,
            query.sort,
            sorted(query.visibility),
            [[param, query.filters.get(param, [])] for param in FACET_PARAMS],
        ]
    )


def _spelling_links(query, results):
    """(near spelling, its search's parameters) for « Vouliez-vous dire… »."""
    return [
        (
            suggestion,
            urlencode(
                [
                    ("q", suggestion),
                    *[pair for pair in _params(query, with_sort=True) if pair[0] != "q"],
                ]
            ),
        )
        for suggestion in results.spelling
    ]


def _pagination(query, results):
    """DSFR pagination links (first, previous, a window of pages, next, last)."""
    if results.num_pages <= 1:
        return None
    current, last = query.page, results.num_pages

    def link(number):
        return "?" + urlencode(_params(query, page=number))

    window = range(max(1, current - 2), min(last, current + 2) + 1)
    return {
        "current": current,
        "last": last,
        "first_url": link(1) if current > 1 else None,
        "previous_url": link(current - 1) if current > 1 else None,
        "next_url": link(current + 1) if current < last else None,
        "last_url": link(last) if current < last else None,
        "pages": [(number, link(number)) for number in window],
    }


@require_GET
@ratelimit("search-suggestions-json", "SEARCH_SUGGESTIONS_RATE", "120/m")
def suggestions(request):
    prefix = request.GET.get("q") or ""
    items = services.suggestions(prefix, request.user)
    response = JsonResponse({"query": prefix[:100], "suggestions": items})
    response["Cache-Control"] = "private, max-age=60"
    return response
