from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from website import cache_rules, page_access
from website.chooser_titles import with_chooser_titles
from website.models import ContentPage, HomePage, TaskFailure


class TaskFailureViewSet(ModelViewSet):
    """Failed background tasks, for administrators: what failed, when, why; mark as handled."""

    model = TaskFailure
    icon = "warning"
    menu_label = _("Tâches en échec")
    menu_order = 910
    add_to_admin_menu = True
    form_fields = ["resolved"]
    list_display = ["task_name", "exception", "created_at", "resolved"]
    list_filter = ["resolved", "task_name"]
    search_fields = ["task_name", "exception"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "task_name",
        "task_id",
        "created_at",
        "resolved",
        "exception",
        "arguments",
        "traceback",
    ]


@hooks.register("register_admin_viewset")
def register_task_failures():
    return TaskFailureViewSet("task_failures")


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_site_pages(pages, request):
    """The page chooser lists the home and content pages that are unpublished or restricted only
    to the people who may edit them (each feature app rules its own page types the same way)."""
    site_pages = Page.objects.type(HomePage, ContentPage)
    not_public = site_pages.filter(Q(live=False) | Q(pk__in=site_pages.not_public().values("pk")))
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        request.user, ["change", "publish"]
    )
    hidden = not_public.exclude(pk__in=editable.values("pk"))
    return pages.exclude(pk__in=hidden.values("pk"))


@hooks.register("construct_page_chooser_queryset", order=100)
def show_published_titles(pages, request):
    """After the apps' hooks: the published title of the pages this person may not edit."""
    return with_chooser_titles(pages, request.user)


@hooks.register("before_serve_document", order=-100)
def check_document_usage(document, request):
    """/documents/…: only for people who may see a page that uses the document, or manage it
    (``website.page_access``). Runs before Wagtail's collection privacy check, and answers a
    refusal as a missing document does (a 404 from the site's handler): nobody learns from
    the answer that the document exists."""
    if not page_access.may_fetch_document(request, document):
        raise Http404


@hooks.register("before_serve_page")
def declare_cache_scopes(page, request, serve_args, serve_kwargs):
    """A page that says what it shows (``cache_scopes()``) is cached until one of those changes
    (website.cache_rules); the others until anything changes."""
    scopes = getattr(page, "cache_scopes", None)
    if scopes is not None:
        cache_rules.depends_on(request, *scopes())


# The help menu's links to Wagtail's own guide and release notes (English pages on
# guide.wagtail.org) are left out: the admin is for the facilitators and the DGCS, in French.
# Its keyboard shortcuts stay.
ENGLISH_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def help_menu_without_english_guides(request, menu_items):
    menu_items[:] = [
        item for item in menu_items if not str(item.name).startswith(ENGLISH_HELP_ITEMS)
    ]
