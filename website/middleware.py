"""Turn a database outage in the middle of a request into a French « service indisponible » page.

Every request runs in a transaction (``ATOMIC_REQUESTS``): when the database fails mid-request,
what the view had written is rolled back before this middleware sees the exception, so nothing is
half-written. The page is rendered without touching the database (no context processors, no
user), with ``503`` and ``Retry-After`` so that proxies and clients know it is temporary.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
        html = loader.get_template("503.html").render({"SITE_NAME": "Communauté zéro non-recours"})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy (no camera, microphone,
    geolocation… for any page) and, on every response, X-Content-Type-Options."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        response.setdefault("X-Content-Type-Options", "nosniff")
        return response


NO_PAGE_PREFIXES = ("/sante/", "/static/", "/media/", "/admin/")


class CachedSiteMiddleware:
    """Wagtail finds the Site of every request with a database query (``Site.find_for_request``,
    used by page serving and the settings context processor), then walks the page tree from the
    root with a query per level to find the page of the URL (``Page.route_for_request``: eight
    queries for a sheet). The answers only change when a site or a page changes (published,
    unpublished, moved, renamed), which changes the scope ``pages`` (``website.cache_rules``): both
    are cached until then (website.fragment_cache) and handed to Wagtail on the request.

    For the route, what is cached is which page answered the path and how many of its segments
    are that page's own; the page is then loaded by id (one query) and routes the rest itself
    (sub-routes of routable pages, the « live » check), exactly as Wagtail would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Only for pages: nothing is done for health probes, static files or the admin, and
        the site and route only for Wagtail's page view."""
        from wagtail import views as wagtail_views

        from website import cache_rules, fragment_cache

        if not fragment_cache.enabled() or request.path.startswith(NO_PAGE_PREFIXES):
            return None
        if request.method == "GET":
            # The fragments of base.html and the header, read in one round trip.
            fragment_cache.prefetch(
                request,
                [
                    fragment_cache.make_key(f"tpl:{name}", parts, request)
                    for name, parts in (
                        ("head-assets", []),
                        ("header-brand", []),
                        ("header-search", [""]),
                        ("header-nav", [request.path[:4]]),
                        ("theme-modal", []),
                    )
                ],
            )
        if view_func is not wagtail_views.serve or getattr(request, "is_preview", False):
            return None
        if not hasattr(request, "_wagtail_site"):
            from django.http.request import split_domain_port
            from wagtail.models import Site

            hostname = split_domain_port(request._get_raw_host())[0]
            port = request.get_port()
            request._wagtail_site = fragment_cache.cached_value(
                "wagtail-site",
                [hostname, port],
                lambda: Site._find_for_request(request),
                request,
                scopes=(cache_rules.PAGES,),
            )
        if hasattr(request, "_wagtail_route_for_request"):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        try:
            _route_from_cache(request, path)
        except Exception:  # noqa: BLE001 - an optimisation: Wagtail routes by itself otherwise
            logger.warning("Cached page route failed", exc_info=True)
            request.__dict__.pop("_wagtail_route_for_request", None)
        return None


def _route_from_cache(request, path: str) -> None:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, Site

    from website import cache_rules, fragment_cache

    site = Site.find_for_request(request)
    if site is None:
        return
    components = [component for component in path.split("/") if component]
    key = fragment_cache.make_key("wagtail-route", [site.pk, "/".join(components)], request)
    stored = fragment_cache.get(key, request)
    if isinstance(stored, tuple):
        content_type_id, page_id, consumed = stored
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model._default_manager.filter(pk=page_id).first()
        if page is not None:
            try:
                request._wagtail_route_for_request = page.route(request, components[consumed:])
            except Http404:  # what Page.route_for_request records for a 404
                request._wagtail_route_for_request = None
        return
    # Not cached yet: let Wagtail route, and remember which page answered.
    result = Page.route_for_request(request, path)
    if result is None:
        return
    page = result[0]
    root_path = site.root_page.url_path
    if not page.url_path.startswith(root_path):
        return
    own = [part for part in page.url_path[len(root_path) :].split("/") if part]
    if components[: len(own)] != own:
        return
    fragment_cache.store_value(
        key, (page.content_type_id, page.pk, len(own)), request, (cache_rules.PAGES,)
    )
