"""Visibility keys: each indexed document carries ONE key, each person is granted a set of keys,
and every backend filters on ``document.visibility IN keys`` inside the query.

Keys and who holds them (the rules come from each app's permission module, never re-invented):

- ``public``: live public pages, threads of public categories, public library documents;
  granted to everyone;
- ``members``: threads of « members » categories, pages restricted to logged-in users; granted
  to active logged-in people (``forum.permissions.can_read_category``);
- ``referents``: threads of « référents » categories; granted to référents, moderators,
  facilitators, DGCS admins (the forum's rule);
- ``territory:<id>``: threads of a territory's category; granted to the accepted members of
  that territory, and to forum moderators (all territories);
- ``library:members`` / ``library:referents``: library documents by ``access``; granted by
  ``library.permissions.allowed_access_levels``;
- ``staff``: reserved for content only facilitators and DGCS admins read; granted to them.
"""

from __future__ import annotations

PUBLIC = "public"
MEMBERS = "members"
REFERENTS = "referents"
STAFF = "staff"
LIBRARY_PREFIX = "library:"


def territory_key(territory_id) -> str:
    return f"territory:{territory_id}"


def library_key(access: str) -> str:
    return PUBLIC if access == PUBLIC else f"{LIBRARY_PREFIX}{access}"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def keys_for(user) -> frozenset[str]:
    """The visibility keys of ``user`` (AnonymousUser or None: public only). Cached on the user
    object for the request."""
    if not _active(user):
        return frozenset({PUBLIC})
    cached = user.__dict__.get("_search_visibility_keys")
    if cached is not None:
        return cached
    from accounts import permissions as account_permissions
    from accounts.models import Territory
    from forum import permissions as forum_permissions

    keys = {PUBLIC, MEMBERS}
    if forum_permissions.is_moderator(user):
        keys.add(REFERENTS)
        keys.update(territory_key(pk) for pk in Territory.objects.values_list("pk", flat=True))
    else:
        if account_permissions.referent_territory_ids(user):
            keys.add(REFERENTS)
        keys.update(territory_key(pk) for pk in account_permissions.member_territory_ids(user))
    if account_permissions.is_facilitator(user) or account_permissions.is_dgcs_admin(user):
        keys.add(STAFF)
    keys.update(_library_keys(user))
    result = frozenset(keys)
    user.__dict__["_search_visibility_keys"] = result
    return result


def _library_keys(user) -> set[str]:
    try:
        from library import permissions as library_permissions
    except ImportError:  # the library app is not there yet
        return set()
    try:
        levels = library_permissions.allowed_access_levels(user)
    except Exception:  # noqa: BLE001 — a half-built library never breaks the search
        return set()
    return {library_key(level) for level in levels}


def forum_category_key(category) -> str:
    """The key of the threads of ``category`` (mirrors ``forum.permissions.can_read_category``)."""
    from forum.models import Category

    visibility = category.visibility
    if visibility == Category.Visibility.PUBLIC:
        return PUBLIC
    if visibility == Category.Visibility.MEMBERS:
        return MEMBERS
    if visibility == Category.Visibility.REFERENTS:
        return REFERENTS
    if visibility == Category.Visibility.TERRITORY and category.territory_id:
        return territory_key(category.territory_id)
    return STAFF
