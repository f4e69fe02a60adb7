"""A thread's page, and the reply posted from it."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum import permissions, services, thread_holes
from forum.caching import thread_scopes
from forum.forms import (
    TAG_FIELDS,
    ReplyForm,
    unbound_copy,
)
from forum.links import post_url, thread_slug, thread_url
from forum.models import (
    Post,
    Reaction,
    ReadMark,
)
from forum.quoting import with_quote
from forum.views._common import (
    PREVIEW_PARAM,
    _files_were_sent,
    _preview,
    _save_attachments,
    _thread_or_404,
    offer_login,
)
from forum.views.categories import _subscription_context
from forum.views.post_rows import (
    _all_cached,
    _decorate,
    _full_posts,
    _my_reactions,
    _page_rows,
    _post_fragments,
    _PostRow,
    _quote,
    _update_read_mark,
)
from website import cache_rules, member_cache
from website.submit_once import submit_once

# The name of « Citer » as a submit button of the reply form, and of the quote in an address.
QUOTE_PARAM = "citer"


def _thread_page(
    request, thread, reply_form=None, preview_html=None, preview_error=None, files_lost=False
):
    cache_rules.depends_on(request, *thread_scopes(thread), "accounts", "taxonomy")
    user = request.user
    moderator = permissions.is_moderator(user)
    mark = None
    if user.is_authenticated:
        mark = ReadMark.objects.filter(user=user, thread=thread).first()
    last_read = mark.last_read_at if mark else None
    page_obj, page_url, head, page_posts = _page_posts(request, thread, moderator, last_read)

    reply_reason = None
    if user.is_authenticated:
        reply_reason = permissions.why_cannot_reply(user, thread)
        if reply_form is None and reply_reason is None:
            reply_form = ReplyForm(
                user=user,
                initial={"text": _quote(user, thread, request.GET.get(QUOTE_PARAM), moderator)},
            )
        is_last_page = page_obj.number == page_obj.paginator.num_pages
        _update_read_mark(user, thread, mark, head + page_posts, is_last_page)

    shareable = _shareable(request, reply_form, preview_html or preview_error or files_lost)
    if shareable and not any(post.is_hidden for post in head + page_posts):
        # Everyone with the same rights shares this page; what is theirs is in holes.
        member_cache.mark_cacheable(request)
        head, page_posts, keys = _shared_posts(
            request, thread, head, page_posts, last_read, page_url
        )
    else:
        head, page_posts, keys = _fragments(
            request,
            thread,
            head,
            page_posts,
            moderator,
            reply_form is not None,
            last_read,
            page_url,
        )
    newest = _newest(thread, head + page_posts, page_obj)
    if getattr(request, "_member_page_cacheable", False):
        for post in head + page_posts:
            post.actions_arg = thread_holes.actions_arg(post, thread)
            post.new_arg = thread_holes.join(
                thread.pk, thread.category_id, post.created_at.isoformat()
            )
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "reply_fields_variant": _reply_fields_variant(
                user, reply_form, preview_html, preview_error
            ),
            "category": thread.category,
            "head_posts": head,
            "posts": page_posts,
            "head_posts_key": keys[0],
            "posts_key": keys[1],
            "page_obj": page_obj,
            "first_unread_url": _first_unread_url(request, thread, last_read),
            "reply_form": reply_form,
            "reply_reason": reply_reason,
            "reply_action": page_url + "#repondre",
            "page_url": page_url,
            "preview_html": preview_html,
            "preview_error": preview_error,
            "files_lost": files_lost,
            "is_moderator": moderator,
            # Five queries, only when the « thread-tags » fragment is not cached.
            "tags": SimpleLazyObject(lambda: _thread_tags(thread)),
            "linked_page": thread.linked_page.specific if thread.linked_page_id else None,
            "reaction_kinds": Reaction.Kind.choices,
            **_subscription_context(user, thread=thread),
            **thread_holes.hole_args(thread, page_url, newest, head + page_posts),
        },
    )


def _shareable(request, reply_form, personal_state) -> bool:
    """Whether the page, holes aside, is the same for everyone with the same rights: a plain
    read (no quote asked, no preview, no form sent back)."""
    if request.method != "GET" or not request.user.is_authenticated or personal_state:
        return False
    if "citer" in request.GET:
        return False
    return reply_form is None or not (reply_form.is_bound or reply_form.initial.get("text"))


def _shared_posts(request, thread, head, page_posts, last_read, page_url):
    """The full posts, flagged for the viewer, outside the per-viewer fragments: the page holds
    their personal parts as holes, which a shared fragment cannot keep."""
    user = request.user
    moderator = permissions.is_moderator(user)
    head = _full_posts(user, moderator, head)
    page_posts = _full_posts(user, moderator, page_posts)
    _prepare(head + page_posts, user, thread, moderator, last_read, page_url)
    for post in head + page_posts:
        post.fragment_key = None
    return head, page_posts, (None, None)


def _newest(thread, posts, page_obj):
    """The newest post the page shows (the thread's last one on its last page): how far the
    viewer's read mark goes."""
    newest = max((post.created_at for post in posts), default=thread.created_at)
    if page_obj.number == page_obj.paginator.num_pages:
        newest = max(newest, thread.last_post_at)
    return newest


def _prepare(posts, user, thread, moderator, last_read, page_url) -> None:
    """The viewer's flags on the posts, and the address that quotes each one."""
    separator = "&" if "?" in page_url else "?"
    _decorate(posts, user, thread, moderator, last_read)
    for post in posts:
        post.quote_url = f"{page_url}{separator}citer={post.pk}#repondre"


def _page_posts(request, thread, moderator, last_read):
    """The page asked for: its paginator page, its address, the head posts and its posts (rows
    only while the fragment cache may hold them: then no post is loaded)."""
    from website import fragment_cache

    user = request.user
    page_obj, head, page_posts = _page_rows(request, thread, request.GET.get("page"))
    if fragment_cache.enabled():
        reactions = _my_reactions(user, head + page_posts)
        for post in head + page_posts:
            post.my_reaction = reactions.get(post.pk)
    else:
        head = _full_posts(user, moderator, head)
        page_posts = _full_posts(user, moderator, page_posts)
    page_url = thread_url(thread, page_obj.number)
    _prepare(head + page_posts, user, thread, moderator, last_read, page_url)
    return page_obj, page_url, head, page_posts


def _fragments(request, thread, head, page_posts, moderator, has_reply_form, last_read, page_url):
    """The fragment keys of the posts; when some fragment must be rendered, the full posts
    (their flags computed again) in place of the rows."""
    keys = _post_fragments(request, thread, head, page_posts, moderator, has_reply_form)
    if any(isinstance(post, _PostRow) for post in head + page_posts) and not _all_cached(
        request,
        [("tpl:thread-head-posts", keys[0], head), ("tpl:thread-posts", keys[1], page_posts)],
    ):
        user = request.user
        head = _full_posts(user, moderator, head)
        page_posts = _full_posts(user, moderator, page_posts)
        _prepare(head + page_posts, user, thread, moderator, last_read, page_url)
        keys = _post_fragments(request, thread, head, page_posts, moderator, has_reply_form)
    return head, page_posts, keys


def _first_unread_url(request, thread, last_read):
    """The first post after the viewer's read mark; the same for everyone who stopped reading at
    the same moment, cached until the thread changes."""
    from website import fragment_cache

    if last_read is None or thread.last_post_at <= last_read:
        return None

    def first_unread():
        post = (
            Post.objects.filter(
                thread=thread, is_first=False, is_deleted=False, created_at__gt=last_read
            )
            .only("pk", "thread_id", "is_first", "created_at")
            .order_by("created_at", "pk")
            .first()
        )
        if post is None:
            return None
        post.thread = thread
        return post_url(post)

    return fragment_cache.cached_value(
        "thread-first-unread", [thread.pk, last_read.isoformat()], first_unread, request
    )


def _thread_tags(thread) -> list:
    tags = []
    for name, _model, legend in TAG_FIELDS:
        terms = list(getattr(thread, name).all())
        if terms:
            tags.append((legend, terms))
    return tags


def _reply_fields_variant(user, reply_form, preview_html, preview_error):
    """The reply form's fields are the same for everyone with the same right to attach files
    while the form is blank: a cached fragment (None: rendered, not cached)."""
    if (
        reply_form is None
        or reply_form.is_bound
        or reply_form.initial.get("text")
        or preview_html
        or preview_error
    ):
        return None
    variant = "files" if "attachments" in reply_form.fields else "text"
    if permissions.may_post_links_and_files(user):
        variant += "+links"
    return variant


def _quote_in_form(request, thread):
    """« Citer » without JavaScript: a submit button of the reply form; the form comes back with
    what was typed, the quote after it, nothing saved."""
    user = request.user
    data = request.POST.copy()
    quote = _quote(user, thread, data.get(QUOTE_PARAM), permissions.is_moderator(user))
    data["text"] = with_quote(data.get("text"), quote) if quote else data.get("text", "")
    form = unbound_copy(ReplyForm, data, user=user)
    return _thread_page(request, thread, form, files_lost=_files_were_sent(request))


@offer_login
@submit_once(gettext_lazy("Ce message avait déjà été envoyé."))
def thread_detail(request, pk, slug):
    user = request.user
    thread = _thread_or_404(user, pk)
    if request.method == "GET" and slug != thread_slug(thread):
        query = request.META.get("QUERY_STRING")
        return redirect(thread_url(thread) + (f"?{query}" if query else ""))
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if request.method != "POST":
        return _thread_page(request, thread)

    if not user.is_authenticated:
        return redirect_to_login(thread_url(thread, anchor="repondre"))
    if QUOTE_PARAM in request.POST:
        return _quote_in_form(request, thread)
    if PREVIEW_PARAM in request.POST:
        preview_html, preview_error = _preview(request.POST.get("text"))
        form = unbound_copy(ReplyForm, request.POST, user=user)
        return _thread_page(
            request, thread, form, preview_html, preview_error, files_lost=_files_were_sent(request)
        )
    form = ReplyForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        try:
            with transaction.atomic():
                post = services.reply(user, thread, form.cleaned_data["text"])
                _save_attachments(post, form.cleaned_data["attachments"])
        except services.ForumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Votre réponse est publiée."))
            post.thread = thread
            return redirect(post_url(post))
    return _thread_page(request, thread, form, files_lost=_files_were_sent(request))
