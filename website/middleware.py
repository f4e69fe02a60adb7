"""Turn a database outage in the middle of a request into a French « service indisponible » page.

Every request runs in a transaction (``ATOMIC_REQUESTS``): when the database fails mid-request,
what the view had written is rolled back before this middleware sees the exception, so nothing is
half-written. The page is rendered without touching the database (no context processors, no
user), with ``503`` and ``Retry-After`` so that proxies and clients know it is temporary.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
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
