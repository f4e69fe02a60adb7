"""What the personal parts of a thread's page read (``forum.thread_holes``): the thread as
the page wrote it, and the person's read mark, reactions and notification levels in one query,
once per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from forum import permissions
from forum.models import Category, ReadMark, Subscription, Thread
from website import fragment_cache

SEPARATOR = "|"


@dataclass
class ViewerState:
    thread: Thread
    moderator: bool
    mark: ReadMark | None
    reactions: dict[int, str]
    level: str
    reply_reason: str | None = None
    marked: bool = False

    @property
    def last_read(self) -> datetime | None:
        return self.mark.last_read_at if self.mark else None


def _thread(request, pk: int, category_id: int) -> Thread:
    seeded = request.__dict__.get("_forum_thread_seed", {}).get(pk)
    if seeded is not None:
        return seeded

    def load():
        return Thread.objects.select_related("category", "category__territory").get(pk=pk)

    scopes = (f"forum.thread:{pk}", f"forum.category:{category_id}")
    return fragment_cache.cached_value("thread-object", [pk], load, request, scopes=scopes)


def viewer_state(request, pk: int, category_id: int) -> ViewerState:
    """The person's state for thread ``pk``, read once per request (the read mark as it was
    before this request moved it)."""
    memo = request.__dict__.setdefault("_forum_viewer_state", {})
    if pk in memo:
        return memo[pk]
    user = real_user(request)
    thread = _thread(request, pk, category_id)
    post_ids = request.__dict__.get("_forum_page_post_ids", {}).get(pk)
    mark, reactions, levels = _personal_rows(user.pk, pk, category_id, post_ids)
    state = ViewerState(
        thread=thread,
        moderator=permissions.is_moderator(user),
        mark=mark,
        reactions=reactions,
        level=levels.get("thread") or levels.get("category") or Subscription.Level.NORMAL,
        reply_reason=permissions.why_cannot_reply(user, thread),
    )
    memo[pk] = state
    return state


# The person's read mark, reactions and notification levels for one thread, in one round trip:
# this runs for every logged-in view of a cached thread page.
_PERSONAL_SQL = """
SELECT 'mark', id, last_read_at, '' FROM forum_readmark WHERE user_id = %s AND thread_id = %s
UNION ALL
SELECT 'reaction', post_id, NULL, kind FROM forum_reaction WHERE user_id = %s AND post_id IN ({})
UNION ALL
SELECT CASE WHEN thread_id IS NULL THEN 'category' ELSE 'thread' END, 0, NULL, level
  FROM forum_subscription WHERE user_id = %s AND (thread_id = %s OR category_id = %s)
"""


def _personal_rows(user_pk: int, pk: int, category_id: int, post_ids=None):
    """``post_ids``: the posts of the page (else every post of the thread)."""
    from django.db import connection

    mark, reactions, levels = None, {}, {}
    if post_ids:
        posts, post_params = ", ".join(["%s"] * len(post_ids)), list(post_ids)
    else:
        posts, post_params = "SELECT id FROM forum_post WHERE thread_id = %s", [pk]
    params = [user_pk, pk, user_pk, *post_params, user_pk, pk, category_id]
    with connection.cursor() as cursor:
        cursor.execute(_PERSONAL_SQL.format(posts), params)
        rows = cursor.fetchall()
    for kind, number, moment, text in rows:
        if kind == "mark":
            mark = ReadMark(id=number, user_id=user_pk, thread_id=pk, last_read_at=_aware(moment))
        elif kind == "reaction":
            reactions[number] = text
        else:
            levels[kind] = text
    return mark, reactions, levels


def _aware(value) -> datetime:
    """A datetime read by raw SQL: aware on PostgreSQL, text in UTC on SQLite."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def real_user(request):
    """The user behind ``request.user``'s lazy wrapper, with what was already worked out and
    kept on the wrapper (role names, territories, rights): the permission checks of every post
    read it dozens of times, and the wrapper's indirection costs more than the checks."""
    found = request.__dict__.get("_forum_real_user")
    if found is not None:
        return found
    user = request.user
    user.pk  # noqa: B018 - evaluates the lazy object
    real = getattr(user, "_wrapped", user)
    if real is not user:
        for key, value in vars(user).items():
            if key not in ("_wrapped", "_setupfunc"):
                real.__dict__.setdefault(key, value)
    request.__dict__["_forum_real_user"] = real
    return real


def split(arg: str) -> list[str]:
    return [unquote(part) for part in arg.split(SEPARATOR)]


def join(*parts) -> str:
    return SEPARATOR.join(quote(str(part), safe="") for part in parts)


def thread_token(thread) -> list:
    """What the personal parts read of the thread, written in the page itself: a cached copy
    is served only while the thread and its category are unchanged, so these are current."""
    category = thread.category
    return [
        thread.pk,
        thread.title,
        thread.kind,
        thread.author_id or "",
        int(thread.is_locked),
        thread.accepted_post_id or "",
        thread.last_post_at.isoformat(),
        category.pk,
        category.visibility,
        category.territory_id or "",
    ]


def thread_from_token(token: list[str]) -> Thread:
    pk, title, kind, author_id, locked, accepted, last_post_at, *category = token
    category_id, visibility, territory_id = category
    category = Category(
        pk=int(category_id), visibility=visibility, territory_id=_int_or_none(territory_id)
    )
    return Thread(
        pk=int(pk),
        title=title,
        kind=kind,
        author_id=_int_or_none(author_id),
        is_locked=locked == "1",
        accepted_post_id=_int_or_none(accepted),
        last_post_at=datetime.fromisoformat(last_post_at),
        category=category,
    )


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None
