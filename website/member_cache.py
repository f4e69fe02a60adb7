"""Whole-page cache for logged-in people, shared by everyone with the same rights.

A logged-in page differs from one person to another in two ways:
- by *rights*: what the person may read (visibility keys), their territories and roles, their
  groups and permissions — « Proposer une fiche », « Exporter en CSV », « Je m’en inspire »,
  « Modifier la fiche », restricted content. Everyone with the same rights sees the same thing:
  the *rights profile* (a digest of all of them) is part of the cache key;
- by *personal state* that changes without any change of rights: unread notifications, a saved
  search, the Wagtail user bar of an editor, the CSRF token. These are *holes*: the template
  marks them (``{% hole "name" arg %}…{% endhole %}``), the cached copy keeps only the marker,
  and each hit renders them again for the person asking (``register_hole``), from the request
  and the marker's argument alone. CSRF tokens are swapped for the request's own.

What is cached: GET answers 200 (HTML) of the views that opt in (``mark_cacheable``: the home
page, the practice-sheet list, a sheet, the search page — pages whose content besides holes is a
function of the rights profile), for a logged-in, active person, when no one-time message is
waiting or was shown, never for a Wagtail preview or a password-protected page, and never when the
view sets a cookie. A hole that cannot be rendered makes the request a miss (rendered normally).

Invalidation: the key holds the deployed release, the rights profile and the address; the page is
stored with the scopes it depends on (``website.cache_rules``) and served while none of them
changed since its request started (no grace: a person sees at once what they just did). Personal
state that changes no scope (notifications, saved searches, read marks) lives only in holes.
Pages expire after MEMBER_PAGE_CACHE_SECONDS (0 disables this cache).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections.abc import Callable
from urllib.parse import quote, unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from website import cache_rules, fragment_cache, page_cache
from website.submit_once import new_token

logger = logging.getLogger(__name__)

# What rights depend on: accounts, memberships, groups (``accounts`` maps ``auth`` there) and
# the page permissions of the page tree (``pages``, part of every entry).
RIGHTS_SCOPES = ("accounts",)

_HOLES: dict[str, Callable[[HttpRequest, str], str]] = {}
KEPT_HEADERS = page_cache.KEPT_HEADERS + (
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
)
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_SLOT = "czn-member-csrf-slot-5b2d"
# One-time form tokens (website.submit_once): every hit gets new ones.
_SUBMISSION_INPUT = re.compile(r'(name="submission_token" value=")[0-9a-f]{32}(")')
_SUBMISSION_SLOT = "czn-member-submission-slot-9e4a"


def enabled() -> bool:
    return getattr(settings, "MEMBER_PAGE_CACHE_SECONDS", 0) > 0 and fragment_cache.enabled()


@functools.lru_cache(maxsize=1)
def _token() -> str:
    """Part of every marker: content typed by users can never forge one."""
    return hashlib.sha256(f"member-holes:{settings.SECRET_KEY}".encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    token = re.escape(_token())
    filled = re.compile(
        rf"<!--czn-hole-{token}:([a-z0-9-]+):([^>]*?)-->(.*?)<!--/czn-hole-{token}-->", re.S
    )
    empty = re.compile(rf"<!--czn-hole-{token}:([a-z0-9-]+):([^>]*?)-->")
    end = re.compile(rf"<!--/czn-hole-{token}-->")
    return filled, empty, end


def register_hole(name: str):
    """Register the renderer of hole ``name``: ``render(request, arg) -> HTML``."""

    def decorator(render: Callable[[HttpRequest, str], str]):
        _HOLES[name] = render
        return render

    return decorator


def wrap(request, name: str, arg, html: str) -> str:
    """What the ``{% hole %}`` tag outputs: ``html`` between markers when this response may be
    stored (its view called ``mark_cacheable`` before rendering), ``html`` alone otherwise."""
    if not getattr(request, "_member_page_cacheable", False):
        return html
    if name not in _HOLES:
        raise ValueError(f"Unknown hole {name!r}: register it with register_hole().")
    token = _token()
    encoded = quote(str(arg if arg is not None else ""), safe="")
    return f"<!--czn-hole-{token}:{name}:{encoded}-->{html}<!--/czn-hole-{token}-->"


def mark_cacheable(request, page=None) -> None:
    """Called by a view whose page (holes aside) depends only on the rights profile."""
    if not getattr(request, "_member_page_cache", False):
        return
    if page is not None:
        from wagtail.models import PageViewRestriction

        if any(
            restriction.restriction_type == PageViewRestriction.PASSWORD
            for restriction in page.get_view_restrictions()
        ):
            return  # access granted by a password kept in this person's session
    request._member_page_cacheable = True


def rights_profile(user, request=None) -> str:
    """A digest of everything that decides what ``user`` may see and do, the same for everyone
    with the same rights. Cached per person and generation (memberships, roles, groups and
    permissions bump it)."""
    return _rights(user, request)["profile"]


def can_access_admin(user, request=None) -> bool:
    """``accounts.permissions.can_access_admin``, read with the rights profile (one cache read)."""
    return _rights(user, request)["admin"]


def _rights(user, request=None) -> dict:
    found = user.__dict__.get("_member_rights")
    if found is not None:
        return found

    def compute() -> dict:
        from accounts.models import Membership
        from accounts.permissions import can_access_admin as admin_access
        from website.visibility import keys_for

        memberships = sorted(
            Membership.objects.filter(user=user).values_list("territory_id", "role", "status")
        )
        groups = sorted(user.groups.values_list("id", "name"))
        data = {
            "keys": sorted(keys_for(user)),
            "memberships": memberships,
            "groups": [pk for pk, _name in groups],
            "permissions": sorted(user.user_permissions.values_list("id", flat=True)),
            "staff": user.is_staff,
            "superuser": user.is_superuser,
        }
        return {
            "profile": hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:24],
            "admin": bool(admin_access(user)),
            "owner_sensitive": _owner_sensitive(user),
            # ``User.role_names``, read here with the rest: no query of its own on cached pages.
            "group_names": [name for _pk, name in groups],
        }

    found = fragment_cache.cached_value(
        "member-rights", [user.pk], compute, request, scopes=RIGHTS_SCOPES
    )
    if not isinstance(found, dict):  # written by another version: compute again
        found = compute()
    user.__dict__["_member_rights"] = found
    if "group_names" in found:
        user.__dict__.setdefault("role_names", frozenset(found["group_names"]))
    return found


def _owner_sensitive(user) -> bool:
    """Whether Wagtail may give this person more on the pages they own than their groups give
    (``add_page`` without ``change_page`` lets owners edit their own pages): then the « Modifier »
    links differ from one owner to another, and none of their pages is shared."""
    from wagtail.models import GroupPagePermission

    if user.is_superuser:
        return False
    by_page: dict[int, set[str]] = {}
    for page_id, codename in GroupPagePermission.objects.filter(
        group__in=user.groups.all()
    ).values_list("page_id", "permission__codename"):
        by_page.setdefault(page_id, set()).add(codename)
    return any("add_page" in codes and "change_page" not in codes for codes in by_page.values())


def _eligible(request) -> bool:
    if request.method != "GET" or not enabled():
        return False
    if cache_rules.is_private(request.path):
        return False
    if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False  # anonymous: no user to load
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):
        return False
    return not _rights(user, request).get("owner_sensitive", True)


def _key(request) -> str:
    profile = rights_profile(request.user, request)
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode())
    return fragment_cache.make_key("member-page", [profile, address.hexdigest()])


def _storable(request, response) -> bool:
    if not getattr(request, "_member_page_cacheable", False):
        return False
    if getattr(request, "is_preview", False) or response.status_code != 200:
        return False
    if response.streaming or response.cookies or response.has_header("Set-Cookie"):
        return False
    if "no-store" in response.get("Cache-Control", ""):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and (storage.used or len(storage)))


def _template_of(html: str) -> str:
    """The page as stored: holes emptied (markers only), CSRF and form tokens replaced by slots."""
    filled, _empty, _end = _patterns()
    html = filled.sub(lambda match: match.group(0)[: match.start(3) - match.start(0)], html)
    html = _SUBMISSION_INPUT.sub(rf"\g<1>{_SUBMISSION_SLOT}\g<2>", html)
    return _CSRF_INPUT.sub(rf"\g<1>{_CSRF_SLOT}\g<2>", html)


def _strip_markers(html: str) -> str:
    _filled, empty, end = _patterns()
    return end.sub("", empty.sub("", html))


def _from_cache(request, stored) -> HttpResponse | None:
    html, headers = stored
    _filled, empty, _end = _patterns()
    try:
        html = empty.sub(
            lambda match: str(_HOLES[match.group(1)](request, unquote(match.group(2)))), html
        )
    except Exception:  # noqa: BLE001 - a hole that fails: render the page normally
        logger.warning("A hole of a cached member page could not be rendered", exc_info=True)
        return None
    if _CSRF_SLOT in html:
        html = html.replace(_CSRF_SLOT, get_token(request))
    if _SUBMISSION_SLOT in html:
        html = re.sub(re.escape(_SUBMISSION_SLOT), lambda _match: new_token(), html)
    return page_cache.rebuilt(html, headers, "HIT-MEMBER")


class MemberPageCacheMiddleware:
    """Placed after the authentication and message middlewares, beside the anonymous cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        stored = page_cache.read(key, request)
        if stored is not None:
            response = _from_cache(request, stored)
            if response is not None:
                return response
        request._member_page_cache = True
        with cache_rules.collecting(request) as collected:
            response = self.get_response(request)
        if not getattr(request, "_member_page_cacheable", False) or response.streaming:
            return response  # no marker in it: nothing to store or to strip
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        html = response.content.decode(response.charset or "utf-8")
        if _storable(request, response):
            payload = (_template_of(html), page_cache.kept_headers(response, KEPT_HEADERS))
            page_cache.write(key, request, collected, payload, settings.MEMBER_PAGE_CACHE_SECONDS)
            response["X-Cache"] = "MISS-MEMBER"
        response.content = _strip_markers(html)
        return response
