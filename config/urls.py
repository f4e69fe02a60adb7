import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import ConfirmEmailView
from practices import sheet_csv as practices_sheet_csv
from website import admin_choosers, health, views

handler400 = "website.views.bad_request"
handler403 = "website.views.permission_denied"
handler404 = "website.views.page_not_found"
handler500 = "website.views.server_error"

urlpatterns = [
    # Before Wagtail's admin: its page chooser views, guarded (see website.admin_choosers).
    path("admin/", include(admin_choosers.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(
        r"^compte/confirm-email/(?P<key>[-:\w]+)/$",
        ConfirmEmailView.as_view(),
        name="account_confirm_email",
    ),
    path("compte/", include("allauth.urls")),
    path("mon-compte/", include("accounts.urls")),
    path("plan-du-site/", views.sitemap, name="sitemap"),
    path("sante/vivant/", health.liveness, name="health_liveness"),
    path("sante/pret/", health.readiness, name="health_readiness"),
    # Wagtail routes only serve slash-terminated paths: the CSV export of /fiches/ is a plain view.
    path("fiches/export.csv", practices_sheet_csv.export_csv, name="practices_export_csv"),
    # Writing and reviewing sheets on the site (before the Wagtail pages of /fiches/).
    path("fiches/", include("practices.urls")),
    path("recherche/", include("search.urls")),
    # Indicator reports, the comparison of territories and the national dashboard.
    path("bilans/", include("reports.urls")),
    # Sections whose app has not landed yet answer with an honest "en préparation" page.
    # Each app replaces its line here when it lands (fiches → practices, etc.).
    path("forum/", include("forum.urls")),
    # Event feeds and facilitator pages; the event pages themselves are Wagtail pages.
    path("evenements/", include("events.feeds_urls")),
    # The library: index and document pages are Wagtail pages; files, the evaluation kit, the
    # clause library and the convention builder are plain views under the same prefix.
    path("bibliotheque/kit-evaluation/", include("library.kit.urls")),
    path("bibliotheque/", include("library.conventions.urls")),
    path("bibliotheque/", include("library.urls")),
    path("erreurs/trop-volumineux/", views.request_too_large, name="request_too_large"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # As the production proxy does: documents are only served by /documents/, after the check.
    media_prefix = re.escape(settings.MEDIA_URL.strip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}/documents/", views.page_not_found)]
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    urlpatterns += [
        path("test-erreurs/400/", views.bad_request, {"exception": None}),
        path("test-erreurs/403/", views.permission_denied, {"exception": None}),
        path("test-erreurs/404/", views.page_not_found, {"exception": None}),
        path("test-erreurs/500/", views.server_error),
    ]

urlpatterns += [path("", include(wagtail_urls))]
