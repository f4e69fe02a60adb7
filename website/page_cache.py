"""Whole-page cache for anonymous visitors.

Most visits are anonymous reading (a commissioner browsing sheets, a team reading a thread found
by a search engine). Those pages are the same for every anonymous visitor, so they are served
from the cache (Redis in production, local memory otherwise) instead of being rebuilt.

What is cached: GET/HEAD answers 200 to a visitor who is not logged in and has no session (a
session may hold a one-time message), whose response sets no cookie (a page with a form that
needs a CSRF token sets one, so it is never cached), is not marked private/no-store, and whose
path is not personal (account, admin, health, private files, private calendar feeds).

Invalidation: every cached page is keyed by a *generation* number. Any change that can show on a
public page — a page published, unpublished, moved or deleted, a post, a reaction, a registration
(places left), a library document, a vocabulary term — bumps the generation once the transaction
commits, so the next visitor gets a fresh page. Pages also expire after PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/compte/",
    "/mon-compte/",
    "/sante/",
    "/documents/",
    "/media/",
    "/static/",
    "/bibliotheque/fichiers/",
    "/evenements/animation/",
    "/forum/notifications/",
    "/forum/suivi/",
    "/forum/moderation/",
)
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


@functools.lru_cache(maxsize=1)
def release() -> str:
    """What is deployed: ``RELEASE`` from the environment, else a digest of the static files
    manifest (``collectstatic`` writes a new one when a CSS or JS file changes), else « dev ».
    The generation key holds it: a deploy starts from a fresh generation, so no cached page or
    fragment keeps pointing to the static files of the previous release."""
    value = os.environ.get("RELEASE", "").strip()
    if value:
        return value[:40]
    manifest = Path(getattr(settings, "STATIC_ROOT", "") or ".") / "staticfiles.json"
    try:
        return hashlib.sha256(manifest.read_bytes()).hexdigest()[:12]
    except OSError:
        return "dev"


def generation_key() -> str:
    return f"{GENERATION_KEY}:{release()}"


def generation() -> int:
    key = generation_key()
    value = cache.get(key)
    if value is None:
        value = 1
        cache.add(key, value, None)
    return value


def bump() -> None:
    """Invalidate every cached page, once the current transaction (if any) has committed."""

    def _bump():
        try:
            cache.incr(generation_key())
        except ValueError:  # key missing (evicted, fresh cache): start a new generation
            cache.set(generation_key(), 2, None)
        except Exception:  # noqa: BLE001 - a cache outage must never break a write
            logger.warning("Could not invalidate the page cache", exc_info=True)

    transaction.on_commit(_bump)


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
    return f"page-cache:{release()}:{generation()}:{digest}"


def _request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or not enabled():
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not request.path.startswith(EXCLUDED_PREFIXES)


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


class AnonymousPageCacheMiddleware:
    """Placed after the authentication and message middlewares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        try:
            key = _key(request)
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - the cache is an optimisation, never a dependency
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            status, headers, content = stored
            content, headers = fresh_nonce(content, headers)
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if _response_is_cacheable(response) and not getattr(request, "_page_cache_skip", False):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            try:
                cache.set(
                    key,
                    (response.status_code, headers, response.content),
                    settings.PAGE_CACHE_SECONDS,
                )
            except Exception:  # noqa: BLE001
                logger.warning("Could not store a page in the cache", exc_info=True)
            response["X-Cache"] = "MISS"
        return response


# --- What invalidates -------------------------------------------------------------------------

# Models whose changes never show on a public page (or change on every visit).
IGNORED_MODELS = {
    "forum.ReadMark",
    "forum.Notification",
    "forum.Subscription",
    "forum.Flag",
    "forum.ModerationLog",
    "events.CalendarToken",
    "events.SurveyAnswer",
    "mailer.OutgoingEmail",
    "search.SearchDocument",
    "search.SavedSearch",
    "conventions.ConventionDraft",
    "practices.ContactMessage",
    "sessions.Session",
    "account.EmailConfirmation",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.Revision",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.PageSubscription",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailadmin.EditingSession",
    "wagtailsearch.IndexEntry",
}
WATCHED_APPS = {
    "website",
    "accounts",
    "taxonomy",
    "practices",
    "forum",
    "events",
    "library",
    "kit",
    "conventions",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    # Groups, permissions and admin preferences: what the fragments of logged-in pages
    # (website.fragment_cache: rights, the Wagtail user bar) depend on.
    "auth",
    "wagtailusers",
    # A verified e-mail address opens the library's members-only documents (rights).
    "account",
}


def _on_change(sender, **kwargs):
    label = sender._meta.label
    if label in IGNORED_MODELS or sender._meta.app_label not in WATCHED_APPS:
        return
    update_fields = kwargs.get("update_fields")
    if (
        label == settings.AUTH_USER_MODEL
        and update_fields
        and set(update_fields) <= {"last_login", "password"}
    ):
        return
    if kwargs.get("raw"):
        return
    bump()


def _on_m2m_change(sender, action=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        model = kwargs.get("model")
        if model is not None and model._meta.app_label in WATCHED_APPS:
            bump()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_on_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(_on_change, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="page_cache_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(
            lambda sender=None, **kw: bump(), weak=False, dispatch_uid=f"page_cache_{id(signal)}"
        )
