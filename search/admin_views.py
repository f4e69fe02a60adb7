"""« Index de recherche » in the Wagtail admin (administrators only): what the index holds per
type, updates waiting, the engine answering searches, and buttons to catch up or rebuild."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search import backends, tasks
from search.models import DocumentType, PendingIndex, SavedSearch, SearchDocument


class SearchIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/index_status.html"
    page_title = gettext_lazy("Index de recherche")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": _("Accueil")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        per_type = dict(SearchDocument.objects.values_list("type").annotate(count=Count("pk")))
        context["types"] = [
            (label, per_type.get(value, 0)) for value, label in DocumentType.choices
        ]
        context["total"] = sum(per_type.values())
        context["last_indexed"] = SearchDocument.objects.aggregate(last=Max("indexed_at"))["last"]
        pending = PendingIndex.objects.aggregate(count=Count("pk"), oldest=Min("created_at"))
        context["pending_count"] = pending["count"]
        context["pending_oldest"] = pending["oldest"]
        backend = backends.get_backend()
        context["engine"] = backend.name
        context["engine_is_database"] = backend.is_database
        context["elasticsearch_configured"] = backends.get_external_backend() is not None
        context["saved_searches"] = SavedSearch.objects.filter(is_active=True).count()
        context["last_rebuild"] = cache.get(tasks.LAST_REBUILD_KEY)
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        task = {"rebuild": tasks.rebuild_index, "pending": tasks.process_pending}.get(action)
        if task is None:
            messages.error(request, _("Action inconnue."))
            return redirect(reverse("search_index_status"))
        try:
            task.delay()
        except Exception:  # broker unreachable
            messages.error(
                request,
                _(
                    "Le service de tâches ne répond pas : rien n’a été lancé. Réessayez dans "
                    "quelques minutes, ou lancez « manage.py search_reindex » sur le serveur."
                ),
            )
        else:
            if action == "rebuild":
                messages.success(
                    request,
                    _(
                        "Reconstruction de l’index lancée. Les recherches utilisent l’index "
                        "actuel jusqu’à ce qu’elle soit terminée."
                    ),
                )
            else:
                messages.success(request, _("Mises à jour en attente lancées."))
        return redirect(reverse("search_index_status"))
