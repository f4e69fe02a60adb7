"""Cached fragments of logged-in pages.

Most of what a logged-in page shows is the same for everyone who holds the same rights: home
sections, a sheet's content, a post's text, the Wagtail user bar of an editor. Those fragments are
cached (Redis in production, local memory otherwise) under a key made of the following. (Pages
whose only personal parts are a few *holes* are also cached whole: ``website.member_cache``; the
fragments serve the pages that are not, such as a forum thread, and every cache miss.)

- the *generation* of ``website.page_cache`` — bumped once the transaction commits on every change
  that can show on a page (publish, unpublish, edit, move, new post, reaction, registration,
  membership, group or permission change), so a fragment is never older than the last change;
- what the fragment varies on, given by the caller: a page or post id, and for content filtered
  by rights the person's *visibility profile* (``website.visibility.keys_for``, the search
  app's rule: ``public``, ``members``, ``territory:<id>``…), never the person themself unless
  the fragment is theirs only.

Fragments never hold a CSRF token or a CSP nonce: a fragment that would is not stored
(``store`` refuses it). A form inside a template fragment is rendered with a placeholder in place
of the token, and the token of the current request is put back on every rendering
(``{% fragment %}``, website/templatetags/fragments.py). Personal bits stay outside fragments, or
are part of the fragment's key when the fragment is one person's.
Fragments expire after FRAGMENT_CACHE_SECONDS (0 disables the cache: tests, debugging).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from website import page_cache

logger = logging.getLogger(__name__)

_MISSING = object()
MISSING = _MISSING
# What must never be stored in a fragment shared between requests: a token, a nonce, or a
# personal part of a page (a hole of website.member_cache, rendered for one person), a one-time
# form token (website.submit_once).
_FORBIDDEN = ("csrfmiddlewaretoken", "nonce=", "<!--czn-hole-", 'name="submission_token"')


def enabled() -> bool:
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) > 0


def generation(request=None) -> int:
    """The current generation, read once per request."""
    if request is not None:
        value = getattr(request, "_fragment_generation", None)
        if value is not None:
            return value
    value = page_cache.generation()
    if request is not None:
        request._fragment_generation = value
    return value


def make_key(name: str, parts: Iterable, request=None) -> str:
    raw = "|".join(str(part) for part in parts)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"fragment:{page_cache.release()}:{generation(request)}:{name}:{digest}"


def visibility_profile(user, request=None) -> str:
    """A short, stable name for the set of visibility keys of ``user`` (the same for everyone
    with the same rights). The keys are cached per person and generation: membership, role,
    group and account changes bump the generation."""
    from website.visibility import keys_for

    if not (user and user.is_authenticated and user.is_active):
        return "public"
    if not enabled():
        return ""  # names no fragment: nothing to compute
    keys = user.__dict__.get("_search_visibility_keys")
    if keys is None:
        key = make_key("visibility-keys", [user.pk], request)
        try:
            stored = cache.get(key)
        except Exception:  # noqa: BLE001
            stored = None
        if stored is not None:
            # Only names the fragments: access checks keep computing keys_for from the database.
            keys = frozenset(stored)
        else:
            keys = keys_for(user)
            _safe_set(key, sorted(keys))
    return hashlib.sha256(",".join(sorted(keys)).encode()).hexdigest()[:16]


def _safe_set(key: str, value) -> None:
    try:
        cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - the cache is an optimisation, never a dependency
        logger.warning("Could not store a fragment", exc_info=True)


# Rendered in place of the CSRF token inside template fragments; swapped for the real token.
CSRF_PLACEHOLDER = "czn-csrf-placeholder-7c1e"
CSRF_PLACEHOLDER_INPUT = (
    f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}">'
)


def storable(html: str) -> bool:
    html = html.replace(CSRF_PLACEHOLDER_INPUT, "")
    return CSRF_PLACEHOLDER not in html and not any(marker in html for marker in _FORBIDDEN)


def with_csrf_token(html: str, token) -> str:
    """Put the request's CSRF token back where the placeholder was rendered."""
    if CSRF_PLACEHOLDER not in html:
        return html
    from django.utils.html import format_html

    token = str(token) if token else ""
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's "no token" marker
        return html.replace(CSRF_PLACEHOLDER_INPUT, "")
    real = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
    return html.replace(CSRF_PLACEHOLDER_INPUT, real)


def get(key: str):
    try:
        return cache.get(key, _MISSING)
    except Exception:  # noqa: BLE001
        logger.warning("Fragment cache unavailable", exc_info=True)
        return _MISSING


def get_many(keys: list[str]) -> dict:
    if not keys:
        return {}
    try:
        return cache.get_many(keys)
    except Exception:  # noqa: BLE001
        logger.warning("Fragment cache unavailable", exc_info=True)
        return {}


def store(key: str, html: str) -> None:
    if storable(html):
        _safe_set(key, str(html))


def store_value(key: str, value) -> None:
    """Store data (not HTML) under ``key``."""
    _safe_set(key, value)


def cached_value(name: str, parts: Iterable, compute: Callable[[], object], request=None):
    """``compute()``, from the cache when it holds it for ``name`` and ``parts`` (picklable
    values; None is a value)."""
    if not enabled():
        return compute()
    key = make_key(name, parts, request)
    value = get(key)
    if value is _MISSING:
        value = compute()
        _safe_set(key, value)
    return value


def set_many(values: dict[str, str]) -> None:
    values = {key: str(html) for key, html in values.items() if storable(html)}
    if not values:
        return
    try:
        cache.set_many(values, settings.FRAGMENT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("Could not store fragments", exc_info=True)


def prefetch(request, keys: list[str]) -> None:
    """Read many fragments in one round trip; ``cached_html`` then finds them on the request."""
    found = get_many(keys)
    prefetched = request.__dict__.setdefault("_fragment_prefetched", {})
    prefetched.update(found)
    # Keys known to be missing: no second round trip for each of them.
    prefetched.update({key: _MISSING for key in keys if key not in found})


def cached_html(name: str, parts: Iterable, render: Callable[[], str], request=None) -> SafeString:
    """The HTML of ``render()``, from the cache when it holds it for ``name`` and ``parts``.
    Never for a Wagtail preview (a draft is shown under the live page's id)."""
    if not enabled() or getattr(request, "is_preview", False):
        return mark_safe(render())  # noqa: S308 - render() returns template output
    key = make_key(name, parts, request)
    prefetched = getattr(request, "_fragment_prefetched", None) or {}
    html = prefetched[key] if key in prefetched else get(key)
    if html is _MISSING:
        html = str(render())
        store(key, html)
    return mark_safe(html)  # noqa: S308
