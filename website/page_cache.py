"""Whole-page cache for anonymous visitors.

Most visits are anonymous reading (a commissioner browsing sheets, a team reading a thread found
by a search engine). Those pages are the same for every anonymous visitor, so they are served
from the cache (Redis in production, local memory otherwise) instead of being rebuilt.

What is cached: GET/HEAD answers 200 to a visitor who is not logged in and has no session (a
session may hold a one-time message), whose response sets no cookie (a page with a form that
needs a CSRF token sets one, so it is never cached), is not marked private/no-store, and whose
path is not private (``website.cache_rules.is_private``: administration, accounts, private files
and feeds, as the features register them).

Invalidation: each page is stored with the scopes it depends on (``website.cache_rules``); it is
served while none of them changed since its request started, or, for the changes a feature lets
be late, for at most their grace period. Pages also expire after PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from website import cache_rules

logger = logging.getLogger(__name__)

CACHEABLE_TYPES = (
    "text/html",
    "application/json",
    "application/rss+xml",
    "application/xml",
    "application/atom+xml",
    "text/calendar",
    "text/csv",
)
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Link",
    "Content-Security-Policy",
    "Permissions-Policy",
)


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


_NONCE_SOURCE = re.compile(r"'nonce-([A-Za-z0-9+/_=-]+)'")


def fresh_nonce(content, headers: list[tuple[str, str]]):
    """A cached page with a new CSP nonce: the one it was rendered with is replaced, in the
    ``Content-Security-Policy`` header and in the ``nonce`` attributes, by a new random one, so
    that no two responses share a nonce. ``content``: str or bytes, returned as given."""
    policy = next((value for name, value in headers if name == "Content-Security-Policy"), "")
    found = _NONCE_SOURCE.search(policy)
    if not found:
        return content, headers
    old, new = found.group(1), secrets.token_urlsafe(16)
    headers = [
        (name, value.replace(f"'nonce-{old}'", f"'nonce-{new}'"))
        if name == "Content-Security-Policy"
        else (name, value)
        for name, value in headers
    ]
    if isinstance(content, bytes):
        content = content.replace(f'nonce="{old}"'.encode(), f'nonce="{new}"'.encode())
    else:
        content = content.replace(f'nonce="{old}"', f'nonce="{new}"')
    return content, headers


def _key(request) -> str:
    raw = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"page-cache:{cache_rules.release()}:{digest}"


def _request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or not enabled():
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not cache_rules.is_private(request.path)


def _response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Set-Cookie") or response.has_header("X-Accel-Redirect"):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type in CACHEABLE_TYPES


def read(key: str, request, graceful: bool = False):
    """The payload stored under ``key`` if it is still fresh for ``request``, else None.
    Never raises: the cache is an optimisation, never a dependency."""
    try:
        stored = cache.get(key)
        if not (isinstance(stored, tuple) and len(stored) == 3):
            return None  # nothing, or written by another version
        stored_at, scopes, payload = stored
        if not cache_rules.is_fresh(stored_at, scopes, request, graceful=graceful):
            return None
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unavailable", exc_info=True)
        return None
    return payload


def write(key: str, request, collected, payload, seconds: int) -> None:
    """Store ``payload`` with the time ``request`` started and the scopes it gathered."""
    entry = (cache_rules.started(request), cache_rules.entry_scopes(collected, request), payload)
    try:
        cache_rules.note_written(entry[1], request)
        cache.set(key, entry, seconds)
    except Exception:  # noqa: BLE001
        logger.warning("Could not store a page in the cache", exc_info=True)


def kept_headers(response, names=KEPT_HEADERS) -> list[tuple[str, str]]:
    return [(name, response[name]) for name in names if response.has_header(name)]


def rebuilt(content, headers, label: str) -> HttpResponse:
    """A response made from a stored page, with a fresh CSP nonce."""
    content, headers = fresh_nonce(content, headers)
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = label
    return response


class AnonymousPageCacheMiddleware:
    """Placed after the authentication and message middlewares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cache_rules.started(request)
        if not _request_is_cacheable(request):
            return self.get_response(request)
        key = _key(request)
        stored = read(key, request, graceful=True)
        if stored is not None:
            headers, content = stored
            return rebuilt(content, headers, "HIT")
        with cache_rules.collecting(request) as collected:
            response = self.get_response(request)
        if _response_is_cacheable(response) and not getattr(request, "_page_cache_skip", False):
            payload = (kept_headers(response), response.content)
            write(key, request, collected, payload, settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "MISS"
        return response
