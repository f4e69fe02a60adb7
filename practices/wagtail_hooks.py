"""Admin guards for the territory teams.

The teams' page permissions sit on their territory folder (``practices.permissions``): that is
what lets them write sheets in it, and what makes Wagtail show them only that folder. Two things
those permissions would also allow are refused here:
- editing the folder page itself (its title and slug are the territory's, kept by the site);
- moving a sheet to the folder of another territory (a sheet belongs to its territory).

Drafts stay within their territory in the admin too. Wagtail already limits the explorer, the
admin search and the reports on workflows and history to the pages one may explore; two places
do not, and are closed here for the teams:
- the page chooser (links in rich text) lists every page: the sheets a person may not see
  (``practices.permissions.hidden_sheets``: other territories' drafts and restricted sheets)
  are left out;
- the « page types usage » report shows the title of the last edited page of each type
  (possibly another territory's draft): it is kept to people who may publish.

After a workflow decision on a sheet, the admin says what happened (``practices.admin_messages``):
from the edit page (hook ``after_edit_page``) and from the dashboard (the sheets' page viewset,
whose workflow action view adds the message).
"""

from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import PageViewSet

from accounts.permissions import is_dgcs_admin, is_facilitator
from practices import admin_messages
from practices.permissions import hidden_sheets
from practices.workflow import is_sheet_page

# Wagtail lets anyone with add/change page permission open this report.
PageTypesUsageReportView.any_permission_required = ["publish"]


def _is_staff(user):
    return is_dgcs_admin(user) or is_facilitator(user)


def _refuse(request, message):
    from django.shortcuts import redirect

    messages.error(request, message)
    return redirect("wagtailadmin_home")


@hooks.register("before_edit_page")
def folders_are_kept_by_the_site(request, page):
    from practices.models import TerritoryFolderPage

    if isinstance(page.specific_deferred, TerritoryFolderPage) and not _is_staff(request.user):
        return _refuse(
            request,
            _(
                "Le dossier d’un territoire est géré par l’équipe d’animation : ajoutez-y "
                "plutôt une fiche."
            ),
        )
    return None


@hooks.register("before_move_page")
def sheets_stay_in_their_territory(request, page, destination):
    from practices.models import PracticeSheetPage, TerritoryFolderPage

    page = page.specific_deferred
    destination = destination.specific_deferred
    if not isinstance(page, PracticeSheetPage):
        return None
    if isinstance(destination, TerritoryFolderPage) and (
        page.territory_id in (None, destination.territory_id)
    ):
        return None
    return _refuse(
        request,
        _("Une fiche reste dans le dossier de son territoire."),
    )


@hooks.register("construct_page_chooser_queryset")
def hide_other_territories_drafts(pages, request):
    return pages.exclude(pk__in=hidden_sheets(request.user).values("pk"))


@hooks.register("construct_reports_menu")
def page_types_report_for_publishers_only(request, menu_items):
    if not _is_staff(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


def _edit_action(post) -> tuple[str, str] | None:
    """The workflow action of an edit form's POST, in the order Wagtail's edit view reads them
    (a publication keeps Wagtail's message), with Wagtail's message after it."""
    if post.get("action-publish"):
        return None
    if post.get("action-submit"):
        return "submit", admin_messages.WAGTAIL_SUBMITTED
    if post.get("action-restart-workflow"):
        return "restart", admin_messages.WAGTAIL_RESTARTED
    if post.get("action-workflow-action") and post.get("workflow-action-name"):
        return post["workflow-action-name"], admin_messages.WAGTAIL_UPDATED
    return None


@hooks.register("after_edit_page")
def say_what_the_workflow_did(request, page):
    if request.method != "POST" or not is_sheet_page(page):
        return None
    action = _edit_action(request.POST)
    if action is not None:
        name, wagtail_msgid = action
        admin_messages.replace_wagtail_message(request, page, wagtail_msgid, name)
    return None


class SheetPageViewSet(PageViewSet):
    """Wagtail's views of a page, for the sheets; the folders' listing stays Wagtail's."""

    workflow_action_view_class = admin_messages.SheetWorkflowActionView
    parent_models = ()


@hooks.register("register_admin_viewset")
def register_sheet_page_viewset():
    from practices.models import PracticeSheetPage

    return SheetPageViewSet("practice_sheet_pages", model=PracticeSheetPage)
