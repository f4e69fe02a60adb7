"""The personal parts of a thread's page, so that logged-in people with the same rights share
one cached copy of it (``website.member_cache``): what each person reacted, what they may do
with each post (edit, delete, flag, accept, quote), which posts are new to them and the link to
the first unread one, their notification level and the reply form.

Each part is a *hole*: rendered by the view within the page (the template tags of
``forum.templatetags.forum_thread``) and, when the page comes from the cache, rendered again for
the person asking by the functions registered below, from the hole's argument and a state read
once per request (``forum.thread_state.viewer_state``: the thread as the page wrote it, the
person's read mark, reactions and levels in one query, the reason they may not reply). Both
paths call the same
rendering functions, so a cached copy is the page the view would have rendered. Reading a
thread moves the read mark forward in both paths."""

from __future__ import annotations

import re
from datetime import datetime

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from forum import permissions
from forum.models import Reaction, Subscription
from forum.thread_state import (
    ViewerState,
    join,
    real_user,
    split,
    thread_from_token,
    thread_token,
    viewer_state,
)
from website import fragment_cache
from website.member_cache import register_hole

# --- The navigation: first unread post, reply form -----------------------------------------


def nav_html(first_unread_url: str | None, has_reply_form: bool) -> SafeString:
    items = []
    if first_unread_url:
        items.append(
            f'<li><a class="fr-btn fr-btn--sm fr-btn--secondary" href="{escape(first_unread_url)}">'
            f"{escape(_('Aller au premier message non lu'))}</a></li>"
        )
    if has_reply_form:
        items.append(
            '<li><a class="fr-btn fr-btn--sm fr-btn--tertiary" href="#repondre">'
            f"{escape(_('Aller au formulaire de réponse'))}</a></li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - escaped above


@register_hole("forum-thread-nav")
def thread_nav(request, arg: str) -> str:
    """Also moves the person's read mark forward (``newest``: the newest post the page shows,
    or the thread's last one on its last page), as the view does."""
    from forum.views.post_rows import _update_read_mark
    from forum.views.threads import _first_unread_url

    newest, post_ids, *token = split(arg)
    thread = thread_from_token(token)
    request.__dict__.setdefault("_forum_thread_seed", {})[thread.pk] = thread
    ids = [int(pk) for pk in post_ids.split(",") if pk]
    request.__dict__.setdefault("_forum_page_post_ids", {})[thread.pk] = ids
    state = viewer_state(request, thread.pk, thread.category_id)
    first_unread = _first_unread_url(request, state.thread, state.last_read)
    if not state.marked:
        state.marked = True
        newest_post = _Newest(datetime.fromisoformat(newest))
        _update_read_mark(real_user(request), state.thread, state.mark, [newest_post], False)
    return nav_html(first_unread, state.reply_reason is None)


class _Newest:
    def __init__(self, created_at):
        self.created_at = created_at


# --- Each post: « Nouveau », and what the person may do with it ---------------------------


def new_badge(is_unread: bool) -> SafeString:
    if not is_unread:
        return mark_safe("")
    label = escape(_("Nouveau"))
    return mark_safe(f'<p class="fr-badge fr-badge--sm fr-badge--new">{label}</p>')  # noqa: S308


@register_hole("forum-post-new")
def post_new(request, arg: str) -> str:
    pk, category_id, created_at = split(arg)
    state = viewer_state(request, int(pk), int(category_id))
    last_read = state.last_read
    return new_badge(last_read is not None and datetime.fromisoformat(created_at) > last_read)


def actions_arg(post, thread) -> str:
    author = str(post.author) if post.author_id and post.author else ""
    return join(
        thread.pk,
        thread.category_id,
        post.pk,
        post.author_id or "",
        int(post.is_first),
        int(post.is_deleted),
        post.thanks_count,
        post.useful_count,
        author,
    )


def actions_html(request, post, has_reply_form: bool, moderator: bool) -> SafeString:
    """The reactions and buttons of ``post`` (flags set by ``forum.views.post_rows._decorate``),
    rendered once per process for each combination."""
    key = (
        "actions",
        post.pk,
        getattr(post, "author_name", None) or str(post.author or ""),
        post.can_react,
        getattr(post, "my_reaction", None),
        post.thanks_count,
        post.useful_count,
        post.can_quote and has_reply_form,
        post.can_accept,
        post.is_accepted,
        post.can_edit,
        post.can_delete,
        post.can_flag,
        moderator,
        post.is_deleted,
    )

    def render() -> str:
        return render_to_string(
            "forum/includes/post_actions.html",
            {
                "post": post,
                "reply_form": has_reply_form,
                "is_moderator": moderator,
                "reaction_kinds": Reaction.Kind.choices,
                "csrf_token": fragment_cache.CSRF_PLACEHOLDER,
            },
        )

    return mark_safe(_per_process(request, key, render))  # noqa: S308 - rendered template


def _csrf_input(request) -> str:
    found = request.__dict__.get("_forum_csrf_input")
    if found is None:
        found = fragment_cache.with_csrf_token(
            fragment_cache.CSRF_PLACEHOLDER_INPUT, get_token(request)
        )
        request.__dict__["_forum_csrf_input"] = found
    return found


class _ActionRow:
    """A post rebuilt from its hole's argument: what ``_decorate`` and the template read."""

    is_hidden = False
    created_at = None

    def __init__(self, pk, author_id, is_first, is_deleted, thanks, useful, author_name):
        self.pk = self.id = int(pk)
        self.author_id = int(author_id) if author_id else None
        self.is_first = is_first == "1"
        self.is_deleted = is_deleted == "1"
        self.thanks_count = int(thanks)
        self.useful_count = int(useful)
        self.author_name = author_name
        self.author = author_name or None


@register_hole("forum-post-actions")
def post_actions(request, arg: str) -> str:
    from forum.views.post_rows import _decorate

    pk, category_id, *row = split(arg)
    state = viewer_state(request, int(pk), int(category_id))
    post = _ActionRow(*row)
    _decorate([post], real_user(request), state.thread, state.moderator, None)
    post.my_reaction = state.reactions.get(post.pk)
    return actions_html(request, post, state.reply_reason is None, state.moderator)


# --- The notification level and the reply form --------------------------------------------


@register_hole("forum-subscription")
def subscription(request, arg: str) -> str:
    pk, category_id = split(arg)
    state = viewer_state(request, int(pk), int(category_id))
    key = ("subscription", state.thread.pk, state.level, request.get_full_path())
    return _per_process(
        request,
        key,
        lambda: render_to_string(
            "forum/includes/subscription.html",
            {
                "thread": state.thread,
                "subscription_levels": Subscription.Level.choices,
                "subscription_level": state.level,
                "request": request,
                "csrf_token": fragment_cache.CSRF_PLACEHOLDER,
            },
        ),
    )


@register_hole("forum-reply")
def reply(request, arg: str) -> str:
    pk, category_id, page_url = split(arg)
    state = viewer_state(request, int(pk), int(category_id))
    user = real_user(request)
    limits = permissions.new_account_limits(user) if state.reply_reason is None else None
    key = (
        "reply",
        state.thread.pk,
        page_url,
        state.reply_reason,
        permissions.may_post_links_and_files(user),
        tuple(sorted((limits or {}).items())),
    )
    return _per_process(request, key, lambda: _render_reply(request, state, page_url))


def _render_reply(request, state: ViewerState, page_url: str) -> str:
    from forum.forms import ReplyForm
    from forum.views.threads import _reply_fields_variant

    user = request.user
    form = ReplyForm(user=user) if state.reply_reason is None else None
    html = render_to_string(
        "forum/includes/reply_section.html",
        {
            "thread": state.thread,
            "page_url": page_url,
            "reply_reason": state.reply_reason,
            "reply_form": form,
            "reply_action": page_url + "#repondre",
            "reply_fields_variant": _reply_fields_variant(user, form, None, None),
            "request": request,
            "user": user,
            "csrf_token": fragment_cache.CSRF_PLACEHOLDER,
        },
    )
    return _SUBMISSION_TOKEN.sub(rf"\g<1>{_SUBMISSION_SLOT}\g<2>", html)


_SUBMISSION_TOKEN = re.compile(r'(name="submission_token" value=")[0-9a-f]{32}(")')
_SUBMISSION_SLOT = "czn-forum-submission-slot"
_rendered: dict[tuple, str] = {}


def _per_process(request, key: tuple, render) -> str:
    """``render()`` once per process for ``key`` (a form's CSRF token and one-time submission
    token are put back for each request)."""
    from website.submit_once import new_token

    html = _rendered.get(key)
    if html is None:
        if len(_rendered) > 4096:
            _rendered.clear()
        html = _rendered[key] = render()
    html = html.replace(fragment_cache.CSRF_PLACEHOLDER_INPUT, _csrf_input(request))
    if _SUBMISSION_SLOT in html:
        html = html.replace(_SUBMISSION_SLOT, new_token())
    return html


def hole_args(thread, page_url: str, newest, posts) -> dict:
    """The arguments of the page's holes (the view puts them in the template's context)."""
    post_ids = ",".join(str(post.pk) for post in posts)
    return {
        "thread_nav_arg": join(newest.isoformat(), post_ids, *thread_token(thread)),
        "thread_hole_arg": join(thread.pk, thread.category_id),
        "reply_arg": join(thread.pk, thread.category_id, page_url),
    }
