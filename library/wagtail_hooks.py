"""Admin integration of the library: the « Versions du fichier » view of each document, reached
from the page's header and listing buttons; the page chooser leaves out the documents a person
may not see (``library.permissions.hidden_documents``: other territories' proposals)."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from library import admin_views
from library.permissions import can_manage_versions, hidden_documents

admin_urlpatterns = [
    path("documents/<int:page_id>/versions/", admin_views.versions, name="versions"),
    path(
        "versions/<int:version_id>/<str:decision>/",
        admin_views.decide,
        name="decide",
    ),
]


@hooks.register("register_admin_urls")
def library_admin_urls():
    return [
        path(
            "bibliotheque/",
            include((admin_urlpatterns, "library_admin"), namespace="library_admin"),
        )
    ]


class VersionsButton(PageMenuItem):
    label = _("Versions du fichier")
    icon_name = "doc-full"
    url_name = "library_admin:versions"

    def is_shown(self, user):
        from library.models import LibraryDocumentPage

        return isinstance(self.page.specific_deferred, LibraryDocumentPage) and (
            can_manage_versions(user)
        )


@hooks.register("register_page_header_buttons")
def versions_header_button(page, user, view_name=None, next_url=None):
    yield VersionsButton(page=page, priority=12)


@hooks.register("register_page_listing_more_buttons")
def versions_listing_button(page, user, next_url=None):
    yield VersionsButton(page=page, priority=3)


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_proposals(pages, request):
    return pages.exclude(pk__in=hidden_documents(request.user).values("pk"))
