"""Browsing the sheets: list with filters, theme pages, CSV export, feed.

Only live and public sheets are ever shown, counted, exported or fed (``published_sheets``)."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.http import Http404, QueryDict
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from dsfr.utils import list_pages

from accounts.permissions import is_commissioner, is_dgcs_admin, is_facilitator
from practices import feeds
from practices.filters import SORTS, SheetFilter
from practices.models import PracticeIndexPage
from taxonomy.facets import BarrierFacet
from website import member_cache, page_views

PER_PAGE = 20
THEME_BARRIERS = "non-recours"
THEME_AUDIENCES = "public"


def can_export(user) -> bool:
    return bool(user and user.is_authenticated) and (
        is_commissioner(user) or is_facilitator(user) or is_dgcs_admin(user)
    )


def card_queryset(queryset):
    """What a sheet card needs, in a constant number of queries."""
    from taxonomy.models import Audience

    return queryset.select_related("territory__region").prefetch_related(
        Prefetch("audiences", queryset=Audience.objects.order_by("position", "label"))
    )


def paginate(request, queryset):
    page_obj = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    if page_obj.paginator.num_pages > 1:
        list_pages(page_obj)
    return page_obj


def _index_url(request, index):
    return index.get_url(request) or "/fiches/"


def _with_query(url, query):
    return f"{url}?{query}" if query else url


# --- /fiches/ -------------------------------------------------------------------------------------


@page_views.handles(PracticeIndexPage, "sheet_list")
def sheet_list(request, index):
    """The list is the same for everyone (published public sheets, counts over them): its
    facets and results are a cached fragment of the page (website.fragment_cache, keyed by the
    address), so they are computed lazily, only when the fragment is rendered."""
    sheet_filter = SheetFilter(request.GET)
    page_obj = SimpleLazyObject(lambda: paginate(request, card_queryset(sheet_filter.results())))
    index_url = _index_url(request, index)
    filter_query = sheet_filter.querystring(with_sort=False)
    context = index.get_context(request)
    context.update(
        {
            "filters": sheet_filter,
            "facets": SimpleLazyObject(sheet_filter.facet_views),
            "active_filters": SimpleLazyObject(sheet_filter.active_filters),
            "notices": sheet_filter.notices,
            "page_obj": page_obj,
            "sheets": SimpleLazyObject(lambda: page_obj.object_list),
            "list_fragment_key": request.get_full_path(),
            "sorts": [(key, str(label)) for key, label in SORTS.items()],
            "sort_hidden_params": sheet_filter.params(with_sort=False),
            "index_url": index_url,
            "reset_url": index_url,
            "themes_url": index_url + index.reverse_subpage("themes_view"),
            "feed_url": _with_query(index_url + index.reverse_subpage("feed_view"), filter_query),
            "export_url": (
                _with_query(
                    index_url + index.reverse_subpage("csv_view"), sheet_filter.querystring()
                )
                if can_export(request.user)
                else None
            ),
        }
    )
    member_cache.mark_cacheable(request, index)
    return TemplateResponse(request, "practices/index_page.html", context)


# --- /fiches/flux/ --------------------------------------------------------------------------------


@page_views.handles(PracticeIndexPage, "sheet_feed")
def sheet_feed(request, index):
    return feeds.sheet_feed(request, index)


# --- /fiches/themes/ ------------------------------------------------------------------------------


def _theme_term(family, slug):
    """The barrier or audience of a theme page and the sheets it covers, or 404."""
    from taxonomy.models import Audience, Barrier

    if family == THEME_BARRIERS:
        model, param = Barrier, "frein"
    elif family == THEME_AUDIENCES:
        model, param = Audience, "public"
    else:
        raise Http404
    term = model.objects.filter(slug=slug).first()
    if term is None:
        raise Http404
    children = []
    if family == THEME_BARRIERS and term.parent_id is None:
        children = list(term.children.order_by("position", "label"))
    data = QueryDict(mutable=True)
    data[param] = term.slug
    sheets = SheetFilter(data).queryset()
    return term, sheets, children, param


def indicator_sums(sheets):
    """Each result indicator with the sum of its values over ``sheets``, period by period (two
    queries in all): values of different years are never added together, and only counts and
    amounts are (``total`` is ``None`` for rates and averages)."""
    from practices.models import ResultLine
    from taxonomy.models import ResultIndicator

    rows = (
        ResultLine.objects.filter(sheet__in=sheets.values("pk"))
        .order_by()
        .values("indicator_id", "year", "period")
        .annotate(total=Sum("value"), sheet_count=Count("sheet_id", distinct=True))
    )
    by_indicator: dict[int, dict[str, dict]] = {}
    for row in rows:
        label = str(row["year"]) if row["year"] else (row["period"] or "").strip()
        periods = by_indicator.setdefault(row["indicator_id"], {})
        merged = periods.setdefault(label, {"total": 0, "sheet_count": 0})
        merged["total"] += row["total"]
        merged["sheet_count"] += row["sheet_count"]
    sums = []
    for indicator in ResultIndicator.objects.order_by("position", "label"):
        periods = by_indicator.get(indicator.pk)
        if periods is None:
            if indicator.is_active:
                sums.append({"indicator": indicator, "period": "", "total": None, "sheet_count": 0})
            continue
        for label in sorted(periods, key=_period_order, reverse=True):
            merged = periods[label]
            sums.append(
                {
                    "indicator": indicator,
                    "period": label,
                    "total": merged["total"] if indicator.is_additive else None,
                    "sheet_count": merged["sheet_count"],
                }
            )
    return sums


def _period_order(label: str) -> tuple:
    """Years first, newest first; free-text periods after them."""
    return (label.isdigit(), label)


@page_views.handles(PracticeIndexPage, "theme")
def theme(request, index, family, slug):
    from accounts.models import Territory

    term, sheets, children, param = _theme_term(family, slug)
    page_obj = paginate(request, card_queryset(sheets.order_by("-first_published_at", "-pk")))
    territories = list(
        Territory.objects.filter(pk__in=sheets.values("territory_id"))
        .select_related("region")
        .order_by("name")
    )
    index_url = _index_url(request, index)
    themes_url = index_url + index.reverse_subpage("themes_view")
    context = index.get_context(request)
    context.update(
        {
            "term": term,
            "family": family,
            "is_barrier": family == THEME_BARRIERS,
            "children": [
                {
                    "term": child,
                    "url": index_url
                    + index.reverse_subpage(
                        "theme_view", kwargs={"family": family, "slug": child.slug}
                    ),
                }
                for child in children
            ],
            "parent": (
                {
                    "label": term.parent.label,
                    "url": index_url
                    + index.reverse_subpage(
                        "theme_view", kwargs={"family": family, "slug": term.parent.slug}
                    ),
                }
                if family == THEME_BARRIERS and term.parent_id
                else None
            ),
            "page_obj": page_obj,
            "sheets": page_obj.object_list,
            "territories": territories,
            "sums": indicator_sums(sheets),
            "index_url": index_url,
            "themes_url": themes_url,
            "list_url": f"{index_url}?{param}={term.slug}",
        }
    )
    return TemplateResponse(request, "practices/theme_page.html", context)


@page_views.handles(PracticeIndexPage, "theme_index")
def theme_index(request, index):
    from taxonomy.models import Audience, Barrier

    index_url = _index_url(request, index)
    sheet_filter = SheetFilter(QueryDict())
    barrier_facet = next(f for f in sheet_filter.facets if isinstance(f, BarrierFacet))
    audience_facet = next(f for f in sheet_filter.facets if f.param == "public")
    base = sheet_filter.queryset()
    barrier_terms = sheet_filter.terms(barrier_facet)
    barrier_counts = barrier_facet.counts(base, barrier_terms)
    audience_counts = audience_facet.counts(base, sheet_filter.terms(audience_facet))

    def url(family, slug):
        return index_url + index.reverse_subpage(
            "theme_view", kwargs={"family": family, "slug": slug}
        )

    active_barriers = set(Barrier.objects.filter(is_active=True).values_list("slug", flat=True))
    families = []
    for term in barrier_terms:
        if term.parent_pk is not None:
            continue
        children = [
            {"label": c.label, "url": url(THEME_BARRIERS, c.key), "count": barrier_counts[c.key]}
            for c in term.children
            if c.key in active_barriers or barrier_counts[c.key]
        ]
        if term.key in active_barriers or barrier_counts[term.key] or children:
            families.append(
                {
                    "label": term.label,
                    "url": url(THEME_BARRIERS, term.key),
                    "count": barrier_counts[term.key],
                    "children": children,
                }
            )
    audiences = [
        {"label": a.label, "url": url(THEME_AUDIENCES, a.slug), "count": audience_counts[a.slug]}
        for a in Audience.objects.order_by("position", "label")
        if a.is_active or audience_counts[a.slug]
    ]
    context = index.get_context(request)
    context.update({"families": families, "audiences": audiences, "index_url": index_url})
    return TemplateResponse(request, "practices/theme_index.html", context)
