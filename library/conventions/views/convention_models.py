"""The model conventions: their list and a model's sections with the clauses offered in each."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from library.conventions import permissions
from library.conventions.drafts import model_sections, section_options
from library.conventions.models import ConventionModel, ModelSection
from library.conventions.views._common import PAGE_SIZE


def model_list(request):
    models = ConventionModel.objects.filter(is_published=True).prefetch_related(
        Prefetch("sections", queryset=ModelSection.objects.order_by("position"))
    )
    page_obj = Paginator(models.order_by("title"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conventions/model_list.html",
        {
            "page_obj": page_obj,
            "models": page_obj.object_list,
            "builder_reason": permissions.why_cannot_use_builder(request.user)
            if request.user.is_authenticated
            else None,
        },
    )


def model_detail(request, slug):
    model = get_object_or_404(ConventionModel, slug=slug, is_published=True)
    sections = []
    for model_section in model_sections(model):
        options = section_options(model_section)
        sections.append((model_section, options))
    return render(
        request,
        "conventions/model_detail.html",
        {"model": model, "sections": sections},
    )
