"""The evaluation kit's pages (/bibliotheque/kit-evaluation/): the kit, one page per indicator,
and the data-collection template downloads."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe
from dsfr.utils import list_pages

from library.kit import services
from taxonomy.models import ResultIndicator

RESULTS_PER_PAGE = 20
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
def index(request):
    indicators = list(services.active_indicators())
    return render(
        request,
        "kit/index.html",
        {
            "families": services.indicator_families(indicators),
            "indicator_count": len(indicators),
            "documents": services.kit_documents(request.user),
            "last_update": max((i.updated_at for i in indicators), default=None),
        },
    )


@require_safe
def indicator_list(request):
    return redirect("kit:index")


@require_safe
def indicator_detail(request, slug):
    indicator = get_object_or_404(ResultIndicator, slug=slug)
    page_obj = Paginator(services.published_results(indicator), RESULTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    if page_obj.paginator.num_pages > 1:
        list_pages(page_obj)
    return render(
        request,
        "kit/indicator.html",
        {
            "indicator": indicator,
            "page_obj": page_obj,
            "results": page_obj.object_list,
            "summary": services.results_summary(indicator),
        },
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Generated from the current definitions: never serve a stale copy.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def template_xlsx(request):
    return _download(
        services.build_workbook(),
        XLSX_TYPE,
        services.download_name("kit-evaluation-modele-collecte", "xlsx"),
    )


@require_safe
def template_csv(request):
    return _download(
        services.build_collection_csv(),
        "text/csv; charset=utf-8",
        services.download_name("kit-evaluation-modele-collecte", "csv"),
    )


@require_safe
def definitions_csv(request):
    return _download(
        services.build_definitions_csv(),
        "text/csv; charset=utf-8",
        services.download_name("kit-evaluation-definitions", "csv"),
    )
