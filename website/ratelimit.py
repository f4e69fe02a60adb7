"""A small fixed-window rate limiter on the cache, for views allauth does not cover (search
suggestions…). The client is the logged-in user, or the address (REMOTE_ADDR, or the header named
by TRUSTED_CLIENT_IP_HEADER behind the proxy)."""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    address = request.META.get("REMOTE_ADDR", "")
    if header:
        address = request.headers.get(header, address).split(",")[0].strip()
    return f"ip{address}"


def hit(scope: str, key: str, limit: int, period: int) -> bool:
    """Count one hit; True while the client stays within ``limit`` hits per ``period`` s."""
    window = int(time.time() // period)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    try:
        if cache.add(cache_key, 1, period + 1):
            return True
        return cache.incr(cache_key) <= limit
    except Exception:  # noqa: BLE001 - the cache down must not take the page down
        return True


def ratelimit(scope: str, setting: str, default: str):
    """Decorator: ``setting`` names a "N/period" rate (period in s, m or h), e.g. "60/m".
    Over the limit, the view answers 429 with a French message (JSON for JSON views)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            rate = getattr(settings, setting, default)
            limit, _slash, unit = rate.partition("/")
            period = {"s": 1, "m": 60, "h": 3600}.get(unit, 60)
            if not hit(scope, client_key(request), int(limit), period):
                message = _("Trop de requêtes en peu de temps : patientez quelques secondes.")
                if request.headers.get("Accept", "").startswith("application/json") or (
                    scope.endswith("json")
                ):
                    response = JsonResponse({"error": message, "results": []}, status=429)
                else:
                    response = render(request, "429.html", {"message": message}, status=429)
                response["Retry-After"] = str(period)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
