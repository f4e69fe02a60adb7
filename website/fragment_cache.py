"""Cached fragments of logged-in pages.

Most of what a logged-in page shows is the same for everyone who holds the same rights: home
sections, a sheet's content, a post's text, the Wagtail user bar of an editor. Those fragments are
cached (Redis in production, local memory otherwise) under a key made of the following. (Pages
whose only personal parts are a few *holes* are also cached whole: ``website.member_cache``; the
fragments serve the pages that are not, such as a forum thread, and every cache miss.)

- what the fragment varies on, given by the caller: a page or post id, and for content filtered
  by rights the person's *visibility profile* (``website.visibility.keys_for``, the search
  app's rule: ``public``, ``members``, ``territory:<id>``…), never the person themself unless
  the fragment is theirs only;
- the deployed release.

Each fragment is stored with the time its request started and the scopes it depends on
(``website.cache_rules``): those its caller names, or those gathered while it was rendered
(``depends_on``); ``all`` when none were. It is served while none of them changed since, so a
fragment is never older than the last change of what it shows. A fragment read from the cache
passes its scopes on to the page around it (``website.page_cache`` stores those with the page).

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

from website import cache_rules

logger = logging.getLogger(__name__)

_MISSING = object()
MISSING = _MISSING
# What must never be stored in a fragment shared between requests: a token, a nonce, or a
# personal part of a page (a hole of website.member_cache, rendered for one person), a one-time
# form token (website.submit_once).
_FORBIDDEN = ("csrfmiddlewaretoken", "nonce=", "<!--czn-hole-", 'name="submission_token"')


def enabled() -> bool:
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) > 0


def make_key(name: str, parts: Iterable, request=None) -> str:
    raw = "|".join(str(part) for part in parts)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"fragment:{cache_rules.release()}:{name}:{digest}"


def visibility_profile(user, request=None) -> str:
    """A short, stable name for the set of visibility keys of ``user`` (the same for everyone
    with the same rights). The keys are cached per person: membership, role,
    group and account changes change the scope ``accounts``."""
    from website.visibility import keys_for

    if not (user and user.is_authenticated and user.is_active):
        return "public"
    if not enabled():
        return ""  # names no fragment: nothing to compute
    keys = user.__dict__.get("_search_visibility_keys")
    if keys is None:
        # Only names the fragments: access checks keep computing keys_for from the database.
        keys = cached_value(
            "visibility-keys", [user.pk], lambda: sorted(keys_for(user)), request, ("accounts",)
        )
    return hashlib.sha256(",".join(sorted(keys)).encode()).hexdigest()[:16]


def _entry(value, request, scopes: tuple[str, ...]) -> tuple:
    return (cache_rules.started(request), scopes, value)


def _fresh(stored, request):
    """The value of a stored entry if it may be served to ``request`` (its scopes passed on to
    what is being rendered), else MISSING."""
    if not (isinstance(stored, tuple) and len(stored) == 3):
        return _MISSING  # nothing, or written by another version
    stored_at, scopes, value = stored
    try:
        fresh = cache_rules.is_fresh(stored_at, scopes, request)
    except Exception:  # noqa: BLE001
        logger.warning("Fragment cache unavailable", exc_info=True)
        return _MISSING
    if not fresh:
        return _MISSING
    cache_rules.passed_on(request, scopes)
    return value


def _safe_set(key: str, value, request, scopes: tuple[str, ...]) -> None:
    try:
        entry = _entry(value, request, scopes)
        cache_rules.note_written(entry[1], request)
        cache.set(key, entry, settings.FRAGMENT_CACHE_SECONDS)
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


def get(key: str, request=None):
    """What is stored under ``key`` and still fresh, else MISSING."""
    try:
        stored = cache.get(key, _MISSING)
    except Exception:  # noqa: BLE001
        logger.warning("Fragment cache unavailable", exc_info=True)
        return _MISSING
    return _fresh(stored, request)


def get_many(keys: list[str], request=None) -> dict:
    """The fresh values among ``keys`` (missing or stale keys are left out)."""
    if not keys:
        return {}
    try:
        found = cache.get_many(keys)
    except Exception:  # noqa: BLE001
        logger.warning("Fragment cache unavailable", exc_info=True)
        return {}
    values = {key: _fresh(stored, request) for key, stored in found.items()}
    return {key: value for key, value in values.items() if value is not _MISSING}


def store(key: str, html: str, request=None, scopes=()) -> None:
    """Store HTML shared by everyone ``key`` describes; ``scopes``: what it depends on
    (``all`` when none is named)."""
    if storable(html):
        _safe_set(key, str(html), request, cache_rules.entry_scopes(None, request, scopes))


def store_value(key: str, value, request=None, scopes=()) -> None:
    """Store data (not HTML) under ``key``."""
    _safe_set(key, value, request, cache_rules.entry_scopes(None, request, scopes))


def cached_value(
    name: str, parts: Iterable, compute: Callable[[], object], request=None, scopes=()
):
    """``compute()``, from the cache when it holds it for ``name`` and ``parts`` (picklable
    values; None is a value). ``scopes``: what the value depends on; when none is named, those
    gathered while computing it, else those named for the request (``all`` if none)."""
    if not enabled():
        return compute()
    key = make_key(name, parts)
    value = get(key, request)
    if value is _MISSING:
        cache_rules.passed_on(request, scopes)
        with cache_rules.collecting(request) as collected:
            value = compute()
        _safe_set(key, value, request, cache_rules.entry_scopes(collected, request, scopes))
    return value


def set_many(values: dict[str, str], request=None, scopes=()) -> None:
    final = cache_rules.entry_scopes(None, request, scopes)
    values = {
        key: _entry(str(html), request, final) for key, html in values.items() if storable(html)
    }
    if not values:
        return
    try:
        cache_rules.note_written(final, request)
        cache.set_many(values, settings.FRAGMENT_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("Could not store fragments", exc_info=True)


def prefetch(request, keys: list[str]) -> None:
    """Read many fragments in one round trip; ``cached_html`` then finds them on the request."""
    try:
        found = cache.get_many(keys)
    except Exception:  # noqa: BLE001
        logger.warning("Fragment cache unavailable", exc_info=True)
        found = {}
    prefetched = request.__dict__.setdefault("_fragment_prefetched", {})
    prefetched.update(found)
    # Keys known to be missing: no second round trip for each of them.
    prefetched.update({key: _MISSING for key in keys if key not in found})


def is_prefetched(request, key: str) -> bool:
    """Whether ``key`` was prefetched for ``request`` and may be served."""
    prefetched = getattr(request, "_fragment_prefetched", None) or {}
    stored = prefetched.get(key, _MISSING)
    return stored is not _MISSING and _fresh(stored, request) is not _MISSING


def cached_html(
    name: str, parts: Iterable, render: Callable[[], str], request=None, scopes=()
) -> SafeString:
    """The HTML of ``render()``, from the cache when it holds it for ``name`` and ``parts``.
    Never for a Wagtail preview (a draft is shown under the live page's id). ``scopes``: what it
    depends on; when none is named, those gathered while rendering, else those named for the
    request (``all`` if none)."""
    if not enabled() or getattr(request, "is_preview", False):
        return mark_safe(render())  # noqa: S308 - render() returns template output
    key = make_key(name, parts)
    prefetched = getattr(request, "_fragment_prefetched", None) or {}
    if key in prefetched:
        stored = prefetched[key]
        html = _MISSING if stored is _MISSING else _fresh(stored, request)
    else:
        html = get(key, request)
    if html is _MISSING:
        cache_rules.passed_on(request, scopes)
        with cache_rules.collecting(request) as collected:
            html = str(render())
        _safe_set(key, html, request, cache_rules.entry_scopes(collected, request, scopes))
    return mark_safe(html)  # noqa: S308
