"""The rules of the cache layer, in one place: what is never cached, what a change invalidates,
how stale an anonymous page may be. The three uses of the cache (anonymous pages,
``website.page_cache``; logged-in pages per rights profile, ``website.member_cache``; fragments and
values, ``website.fragment_cache``) all store *entries* checked here. docs/caching.md tells the
whole story; the features add their rules from their ``AppConfig.ready()`` with ``register``.

**Scopes.** What is cached depends on *scopes*: names of what may change. ``pages`` is the page
tree (publication, moves, privacy, menus, images, documents); each app's models change the scope
of the app (``practices``, ``events``…), unless the app maps them elsewhere; a feature may give
finer ones (``forum.thread:12``). Every change also changes ``all``, the scope of whatever did not
say what it depends on. ``pages`` is part of every entry.

**Entries.** An entry keeps the time its request started and the scopes it depends on, gathered
while it was rendered (``depends_on``, by views, home sections and template tags; an entry read
from the cache passes its scopes on to the page around it). It is fresh while none of its scopes
changed after that time.

**Changes.** A model saved or deleted, a page published, a document reindexed: ``bump`` records
the time of the change for each scope it touches, at once and again once the transaction
commits, so that a request that read the database before the commit never stores a page that
looks newer than the change.

**Grace.** For anonymous pages only, a scope may allow a short delay (``register(grace=…)``): the
forum's new posts and reactions, places left at an event, the search index. A page cached less
than that many seconds ago is still served after such a change (at most that many seconds late);
a change marked *urgent* (a post edited, hidden or deleted, a thread moved, anything about the
page tree or rights) is never served late.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

ALL = "all"
PAGES = "pages"


@dataclass(frozen=True)
class Change:
    """What a model change touches: its scopes, and whether it may be served late."""

    scopes: tuple[str, ...]
    urgent: bool = True


@dataclass
class _Rules:
    private_prefixes: list[str] = field(default_factory=list)
    ignored_models: set[str] = field(default_factory=set)
    app_scopes: dict[str, str] = field(default_factory=dict)
    model_rules: dict[str, Callable[[object, bool], Change | None]] = field(default_factory=dict)
    grace: dict[str, int] = field(default_factory=dict)


RULES = _Rules(
    # The base app's own: administration, health, files served by views that check access.
    private_prefixes=["/admin/", "/sante/", "/documents/", "/media/", "/static/"],
    ignored_models={
        "sessions.Session",
        "admin.LogEntry",
        "wagtailcore.PageLogEntry",
        "wagtailcore.ModelLogEntry",
        "wagtailcore.Revision",
        "wagtailcore.WorkflowState",
        "wagtailcore.TaskState",
        "wagtailcore.PageSubscription",
        "wagtailcore.Comment",
        "wagtailcore.CommentReply",
        "wagtailadmin.EditingSession",
        "wagtailsearch.IndexEntry",
        "website.TaskFailure",  # the administrators' list of failed tasks
    },
    app_scopes=dict.fromkeys(
        (
            "website",
            "wagtailcore",
            "wagtailimages",
            "wagtaildocs",
            "wagtailredirects",
            "wagtailembeds",
            "wagtailforms",
            "wagtailsettings",
            "sites",
            "taggit",
            "dsfr",
        ),
        PAGES,
    ),
)


def register(
    *,
    private_prefixes: Iterable[str] = (),
    ignored_models: Iterable[str] = (),
    app_scopes: dict[str, str] | None = None,
    model_rules: dict[str, Callable[[object, bool], Change | None]] | None = None,
    grace: dict[str, int] | None = None,
) -> None:
    """Called by a feature's ``AppConfig.ready()``:

    - ``private_prefixes``: addresses never cached whole (personal pages, private files);
    - ``ignored_models``: models (``app.Model``) whose changes show on no page, or change on
      every visit (read marks, notifications);
    - ``app_scopes``: the scope of an app's models, when it is not the app's label;
    - ``model_rules``: ``rule(instance, created) -> Change`` for finer scopes (the app's scope
      and ``all`` are always changed too);
    - ``grace``: seconds an anonymous page depending on a scope (or ``scope:…``) may be late."""
    RULES.private_prefixes.extend(prefix for prefix in private_prefixes if prefix)
    RULES.ignored_models.update(ignored_models)
    RULES.app_scopes.update(app_scopes or {})
    RULES.model_rules.update(model_rules or {})
    RULES.grace.update(grace or {})


def is_private(path: str) -> bool:
    return path.startswith(tuple(RULES.private_prefixes))


def grace_of(scope: str) -> int:
    return RULES.grace.get(scope.split(":", 1)[0], 0)


@functools.lru_cache(maxsize=1)
def release() -> str:
    """What is deployed: ``RELEASE`` from the environment, else a digest of the static files
    manifest (``collectstatic`` writes a new one when a CSS or JS file changes), else « dev ».
    Every key holds it: a deploy starts from an empty cache, so no cached page or fragment
    keeps pointing to the static files of the previous release."""
    value = os.environ.get("RELEASE", "").strip()
    if value:
        return value[:40]
    manifest = Path(getattr(settings, "STATIC_ROOT", "") or ".") / "staticfiles.json"
    try:
        return hashlib.sha256(manifest.read_bytes()).hexdigest()[:12]
    except OSError:
        return "dev"


# --- Changes ----------------------------------------------------------------------------------


def _scope_key(scope: str, urgent: bool = False) -> str:
    return f"cache-scope:{release()}:{'urgent:' if urgent else ''}{scope}"


def _record(scopes: tuple[str, ...], urgent: bool) -> None:
    now = time.time()
    values = {_scope_key(scope): now for scope in scopes}
    if urgent:
        values.update({_scope_key(scope, urgent=True): now for scope in scopes})
    try:
        cache.set_many(values, None)
    except Exception:  # noqa: BLE001 - a cache outage must never break a write
        logger.warning("Could not record a change for the cache", exc_info=True)


def bump(*scopes: str, urgent: bool = True) -> None:
    """Record a change of ``scopes`` (and of ``all``), now and once the current transaction
    commits. ``urgent=False``: anonymous pages may show it a little late (``grace``)."""
    touched = tuple(dict.fromkeys((*scopes, ALL)))
    _record(touched, urgent)
    transaction.on_commit(lambda: _record(touched, urgent))


def change_of(instance, created: bool = False) -> Change | None:
    """What saving or deleting ``instance`` changes for the caches, None if nothing."""
    meta = instance._meta
    if meta.label in RULES.ignored_models:
        return None
    own = RULES.app_scopes.get(meta.app_label, meta.app_label)
    rule = RULES.model_rules.get(meta.label)
    change = rule(instance, created) if rule is not None else None
    if rule is not None and change is None:
        return None
    scopes = (own, *(change.scopes if change else ()))
    return Change(tuple(dict.fromkeys(scopes)), change.urgent if change else True)


# --- Dependencies -----------------------------------------------------------------------------


def started(request) -> float:
    """When the request started, for the caches (set by the page cache middleware)."""
    value = getattr(request, "_cache_started", None)
    if value is None:
        value = time.time()
        if request is not None:
            request._cache_started = value
    return value


class Collected(set):
    """The scopes gathered while something was rendered; ``declared``: whether what rendered it
    said what it depends on (``depends_on``), rather than only passing on those of cached
    fragments it read."""

    declared = False


def depends_on(request, *scopes: str) -> None:
    """What is being rendered for ``request`` depends on ``scopes`` (a view says it of its page,
    before rendering: the fragments of the page that name no scope of their own take the
    page's)."""
    if request is None:
        return
    request.__dict__.setdefault("_cache_declared", set()).update(scopes)
    for collected in getattr(request, "_cache_collectors", ()):
        collected.update(scopes)
        collected.declared = True


def passed_on(request, scopes: Iterable[str]) -> None:
    """A cached entry was read while rendering: what is around it depends on its scopes too."""
    for collected in getattr(request, "_cache_collectors", ()) if request is not None else ():
        collected.update(scopes)


def declared(request) -> set[str]:
    """Every scope named for ``request`` so far."""
    return getattr(request, "_cache_declared", set()) if request is not None else set()


@contextmanager
def collecting(request):
    """Gather the scopes of what is rendered inside the block (nested blocks pass theirs on)."""
    collected = Collected()
    if request is None:
        yield collected
        return
    stack = request.__dict__.setdefault("_cache_collectors", [])
    stack.append(collected)
    try:
        yield collected
    finally:
        # By identity: two collectors that gathered the same scopes are equal sets.
        index = next(i for i in range(len(stack) - 1, -1, -1) if stack[i] is collected)
        del stack[index]


def entry_scopes(collected=None, request=None, named: Iterable[str] = ()) -> tuple[str, ...]:
    """The scopes stored with an entry: those ``named`` by its caller and those gathered while
    it was rendered; when neither the caller nor the rendering named any, those named for the
    request (a fragment of a page takes its page's), else ``all``. ``pages`` always."""
    named = set(named)
    scopes = named | set(collected or ())
    if not named and not getattr(collected, "declared", False):
        scopes |= declared(request) or {ALL}
    return tuple(sorted(scopes | {PAGES}))


def _change_times(scopes: Iterable[str], request=None, since=None) -> dict[str, float]:
    """The last change (and last urgent change, ``urgent:…``) of each scope, read once per
    request. A scope with no change recorded starts at ``since`` (when an entry is written:
    its request's start), else now (an entry found in the cache while its scopes' changes were
    lost, evicted, is not trusted)."""
    known = request.__dict__.setdefault("_cache_scope_times", {}) if request is not None else {}
    wanted = [name for scope in scopes for name in (scope, f"urgent:{scope}") if name not in known]
    if wanted:
        keys = {
            _scope_key(name.removeprefix("urgent:"), name.startswith("urgent:")): name
            for name in wanted
        }
        found = cache.get_many(list(keys))
        missing = [key for key in keys if key not in found]
        if missing:
            start = time.time() if since is None else since
            for key in missing:
                cache.add(key, start, None)
            found.update(cache.get_many(missing))
        known.update({name: found.get(key, time.time()) for key, name in keys.items()})
    return known


def note_written(scopes: Iterable[str], request=None) -> None:
    """Before an entry is written: its scopes' changes are known from now on (see
    ``_change_times``)."""
    _change_times(scopes, request, since=started(request))


def is_fresh(stored_at: float, scopes: Iterable[str], request=None, graceful=False) -> bool:
    """Whether an entry stored at ``stored_at`` for ``scopes`` may be served now."""
    scopes = tuple(scopes)
    times = _change_times(scopes, request)
    age = time.time() - stored_at
    for scope in scopes:
        if times[f"urgent:{scope}"] > stored_at:
            return False
        if times[scope] > stored_at and not (graceful and age < grace_of(scope)):
            return False
    return True


# --- What changes what --------------------------------------------------------------------------


def _on_save(sender, instance=None, created=False, raw=False, update_fields=None, **kwargs):
    if raw or instance is None:
        return
    if update_fields and set(update_fields) <= {"last_login", "password"}:
        return  # a log-in shows on no page
    _bump_for(instance, created)


def _on_delete(sender, instance=None, **kwargs):
    if instance is not None:
        _bump_for(instance, False)


def _on_m2m_change(sender, instance=None, action=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and instance is not None:
        _bump_for(instance, False)


def _bump_for(instance, created: bool) -> None:
    from wagtail.models import Page

    change = change_of(instance, created)
    if change is None:
        return
    scopes = change.scopes + ((PAGES,) if isinstance(instance, Page) else ())
    bump(*scopes, urgent=change.urgent)


def _on_page_event(sender=None, instance=None, **kwargs):
    scopes = [PAGES]
    if instance is not None:
        scopes.append(RULES.app_scopes.get(instance._meta.app_label, instance._meta.app_label))
    bump(*scopes)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_on_save, dispatch_uid="cache_rules_post_save")
    post_delete.connect(_on_delete, dispatch_uid="cache_rules_post_delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="cache_rules_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_event, dispatch_uid=f"cache_rules_{id(signal)}")
