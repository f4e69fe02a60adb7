"""The Wagtail admin's choosers show only what the person may see.

Page chooser: each app leaves out, through the ``construct_page_chooser_queryset`` hook, the pages
of its own types that the person may not see (the rule of its ``permissions`` module); this
module applies the same hooks where Wagtail does not:
- the parent page row of ``/admin/choose-page/<id>/`` (any page id could be typed there);
- ``/admin/choose-page/chosen-multiple/?id=…``, which answers the title and address of any id.
Both answer 404 when a hook leaves the page out. The two views are routed before Wagtail's
admin URLs (``config.urls``), on the same paths, so Wagtail's URL names still lead to them.

Snippet choosers list every row to anyone who opens the admin; the snippets that are not public
(memberships, sent e-mails, forum categories) use ``PermissionRequiredChooserViewSet``, whose
choosers are for people holding a permission on the model, as its listing is.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet

SNIPPET_ACTIONS = ["add", "change", "delete", "view"]


def choosable_pages(pages, request):
    """``pages`` filtered by every ``construct_page_chooser_queryset`` hook."""
    for hook in hooks.get_hooks("construct_page_chooser_queryset"):
        pages = hook(pages, request)
    return pages


def _ensure_choosable(request, page_ids) -> None:
    ids = {int(pk) for pk in page_ids if str(pk).isdigit()}
    if len(ids) != len(page_ids):
        raise Http404
    if choosable_pages(Page.objects.filter(pk__in=ids), request).count() != len(ids):
        raise Http404


class BrowseView(chooser.BrowseView):
    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            _ensure_choosable(request, [parent_page_id])
        return super().get(request, parent_page_id)


class ChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        _ensure_choosable(request, request.GET.getlist("id"))
        return super().get(request)


urlpatterns = [
    path(
        "choose-page/<int:parent_page_id>/",
        require_admin_access(BrowseView.as_view()),
    ),
    path(
        "choose-page/chosen-multiple/",
        require_admin_access(ChosenMultipleView.as_view()),
    ),
]


# --- Snippets ------------------------------------------------------------------------------------


class _PermissionRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        policy = ModelPermissionPolicy(self.model_class)
        if not policy.user_has_any_permission(request.user, SNIPPET_ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _guarded(view_class):
    return type(view_class.__name__, (_PermissionRequiredMixin, view_class), {})


class PermissionRequiredChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser for the people who may list the snippet (any model permission)."""

    choose_view_class = _guarded(SnippetChooserViewSet.choose_view_class)
    choose_results_view_class = _guarded(SnippetChooserViewSet.choose_results_view_class)
    chosen_view_class = _guarded(SnippetChooserViewSet.chosen_view_class)
    chosen_multiple_view_class = _guarded(SnippetChooserViewSet.chosen_multiple_view_class)
