"""Pages of the forum. The rules live in forum.permissions, the writes in forum.services: these
views read, check, call, and show the result (or the French message, with the text kept).

A category or a thread the person may not read answers 404 (its existence is not revealed); an
action on a readable post that the person may not perform answers 403."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from forum import permissions, services
from forum.forms import (
    TAG_FIELDS,
    DeletePostForm,
    EditPostForm,
    FlagForm,
    ReplyForm,
    ThreadForm,
    unbound_copy,
)
from forum.models import (
    Attachment,
    Category,
    Post,
    PostRevision,
    Reaction,
    ReadMark,
    Subscription,
    Thread,
)
from forum.rendering import render_markdown
from website.submit_once import submit_once

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 20
MENTIONS_LIMIT = 8
PREVIEW_PARAM = "apercu"


# --- URLs ----------------------------------------------------------------------------------------


def thread_slug(thread: Thread) -> str:
    return slugify(thread.title)[:80].strip("-") or "discussion"


def thread_url(thread: Thread, page: int | None = None, anchor: str | None = None) -> str:
    url = reverse("forum:thread", kwargs={"pk": thread.pk, "slug": thread_slug(thread)})
    if page and page > 1:
        url += f"?page={page}"
    if anchor:
        url += f"#{anchor}"
    return url


def _other_posts(thread: Thread):
    """The posts listed after the question (and after the accepted answer), paginated."""
    queryset = Post.objects.filter(thread=thread, is_first=False)
    if thread.accepted_post_id:
        queryset = queryset.exclude(pk=thread.accepted_post_id)
    return queryset.order_by("created_at", "pk")


def post_page_number(post: Post) -> int:
    thread = post.thread
    if post.is_first or post.pk == thread.accepted_post_id:
        return 1
    before = (
        _other_posts(thread)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    return before // POSTS_PER_PAGE + 1


def post_url(post: Post) -> str:
    return thread_url(post.thread, post_page_number(post), f"message-{post.pk}")


# --- Lookups -------------------------------------------------------------------------------------


def _category_or_404(user, slug) -> Category:
    category = get_object_or_404(Category.objects.select_related("territory"), slug=slug)
    if not permissions.can_read_category(user, category):
        raise Http404(_("Catégorie introuvable."))
    return category


def _thread_or_404(user, pk) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("category", "author", "linked_page"), pk=pk
    )
    if not permissions.can_read_thread(user, thread):
        raise Http404(_("Discussion introuvable."))
    return thread


def _post_or_404(user, pk) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread__category", "author"), pk=pk)
    if not permissions.can_read_thread(user, post.thread):
        raise Http404(_("Message introuvable."))
    return post


def _linked_page(value):
    """A published, public page (practice sheet, library document, event) to link a new thread
    to, from ``?page=<id>``; None when absent or not linkable."""
    if not value or not str(value).isdigit():
        return None
    return Page.objects.live().public().filter(pk=int(value), depth__gt=2).specific().first()


def _save_attachments(post: Post, cleaned_files) -> None:
    for upload, content_type, name, stored_name in cleaned_files:
        attachment = Attachment(post=post, name=name, content_type=content_type, size=upload.size)
        upload.seek(0)
        attachment.file.save(stored_name, upload, save=False)
        attachment.save()


def _preview(text: str) -> tuple[str | None, str | None]:
    """(sanitised HTML, error message) of the « Prévisualiser » button."""
    text = (text or "").strip()
    if not text:
        return None, _("Le message est vide : il n’y a rien à prévisualiser.")
    if len(text) > services.MAX_POST_LENGTH:
        return None, _("Le message est trop long (%(length)s caractères, %(max)s au plus).") % {
            "length": len(text),
            "max": services.MAX_POST_LENGTH,
        }
    return render_markdown(text), None


def _files_were_sent(request) -> bool:
    return any(upload for upload in request.FILES.getlist("attachments"))


# --- Reading -------------------------------------------------------------------------------------


def index(request):
    categories = (
        permissions.readable_categories(request.user)
        .annotate(threads_count=Count("threads"), last_activity=Max("threads__last_post_at"))
        .order_by("position", "name")
    )
    # « Lancer une discussion » from a sheet or an event: choose the category, then write.
    linking = _linked_page(request.GET.get("lier")) if request.user.is_authenticated else None
    return render(request, "forum/index.html", {"categories": categories, "linking": linking})


def category_detail(request, slug):
    user = request.user
    category = _category_or_404(user, slug)
    threads = (
        Thread.objects.filter(category=category)
        .select_related("author", "last_poster")
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )
    page_obj = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    thread_list = list(page_obj)
    if user.is_authenticated and thread_list:
        marks = dict(
            ReadMark.objects.filter(user=user, thread__in=thread_list).values_list(
                "thread_id", "last_read_at"
            )
        )
        for thread in thread_list:
            last_read = marks.get(thread.pk)
            thread.is_unread = last_read is None or last_read < thread.last_post_at
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page_obj": page_obj,
            "threads": [(thread, thread_url(thread)) for thread in thread_list],
            "can_post_reason": (
                permissions.why_cannot_post(user, category) if user.is_authenticated else None
            ),
            **_subscription_context(user, category=category),
        },
    )


def _subscription_context(user, thread=None, category=None) -> dict:
    """The notification level form (forum.notifications), for logged-in people."""
    if not user.is_authenticated:
        return {}
    from forum import notifications

    return {
        "subscription_level": notifications.level_for(user, thread=thread, category=category),
        "subscription_levels": Subscription.Level.choices,
    }


def thread_redirect(request, pk):
    thread = _thread_or_404(request.user, pk)
    return redirect(thread_url(thread))


def post_redirect(request, pk):
    post = _post_or_404(request.user, pk)
    return redirect(post_url(post))


def _annotated_posts(user, moderator: bool):
    queryset = (
        Post.objects.select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .annotate(
            thanks_count=Count("reactions", filter=Q(reactions__kind=Reaction.Kind.THANKS)),
            useful_count=Count("reactions", filter=Q(reactions__kind=Reaction.Kind.USEFUL)),
        )
    )
    if user.is_authenticated:
        queryset = queryset.annotate(
            my_reaction=Subquery(
                Reaction.objects.filter(post=OuterRef("pk"), user=user).values("kind")[:1]
            )
        )
    if moderator:
        queryset = queryset.prefetch_related(
            Prefetch("revisions", queryset=PostRevision.objects.select_related("edited_by"))
        )
    return queryset


def _quote(user, thread: Thread, post_id, moderator: bool) -> str:
    if not post_id or not str(post_id).isdigit():
        return ""
    quoted = (
        Post.objects.filter(thread=thread, pk=int(post_id), is_deleted=False)
        .select_related("author")
        .first()
    )
    if quoted is None or (quoted.is_hidden and not moderator):
        return ""
    author = str(quoted.author) if quoted.author else _("Quelqu’un")
    lines = [_("%(author)s a écrit :") % {"author": author}, ""]
    lines += quoted.source.splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


def _decorate(posts, user, thread: Thread, moderator: bool, last_read) -> None:
    """Per-post flags the template shows (no query: permissions are cached on ``user``)."""
    can_accept = permissions.can_accept_answer(user, thread)
    authenticated = user.is_authenticated
    for post in posts:
        post.thread = thread
        post.is_accepted = post.pk == thread.accepted_post_id
        post.is_unread = last_read is not None and post.created_at > last_read
        post.shows_content = not post.is_deleted and (not post.is_hidden or moderator)
        post.can_edit = permissions.can_edit_post(user, post)
        post.can_delete = permissions.can_delete_post(user, post)
        post.can_react = post.shows_content and permissions.can_react(user, post)
        post.can_flag = authenticated and post.shows_content and post.author_id != user.pk
        post.can_quote = post.shows_content
        post.can_accept = (
            can_accept
            and not post.is_first
            and not post.is_deleted
            and (not post.is_hidden or post.is_accepted)
        )
        post.anchor = f"message-{post.pk}"


def _update_read_mark(user, thread, mark, posts, is_last_page) -> None:
    newest = max((post.created_at for post in posts), default=None)
    if is_last_page:
        newest = max(filter(None, [newest, thread.last_post_at]))
    if newest is None or (mark is not None and mark.last_read_at >= newest):
        return
    if mark is not None:
        ReadMark.objects.filter(pk=mark.pk).update(last_read_at=newest)
        return
    try:
        with transaction.atomic():
            ReadMark.objects.create(user=user, thread=thread, last_read_at=newest)
    except IntegrityError:  # two tabs at once
        ReadMark.objects.filter(user=user, thread=thread, last_read_at__lt=newest).update(
            last_read_at=newest
        )


def _post_fragments(
    request, thread, head, posts, moderator: bool, has_reply_form: bool
) -> tuple[str, str]:
    """Each post is a cached fragment (forum/includes/post.html) keyed by the post and every
    flag the person viewing it changes (their reaction, what they may do, unread or not…):
    people who see a post the same way share it. The question (with the accepted answer) and
    the page's list of replies are fragments too, keyed by their posts' keys: a page read again
    the same way is two cache reads. Everything is read in one round trip. Returns the keys of
    the two lists."""
    from website import fragment_cache

    for post in head + posts:
        post.fragment_key = "|".join(
            str(value)
            for value in (
                post.pk,
                moderator,
                has_reply_form,
                post.is_unread,
                post.is_accepted,
                getattr(post, "my_reaction", None),
                post.thanks_count,
                post.useful_count,
                post.shows_content,
                post.can_react,
                post.can_quote,
                post.can_accept,
                post.can_edit,
                post.can_delete,
                post.can_flag,
                post.quote_url,
                post.is_hidden,
                post.is_deleted,
            )
        )
    head_key = "/".join([thread.kind, *(post.fragment_key for post in head)])
    list_key = "/".join([str(thread.is_solved), *(post.fragment_key for post in posts)])
    if fragment_cache.enabled():
        fragment_cache.prefetch(
            request,
            [
                fragment_cache.make_key("tpl:thread-head-posts", [head_key], request),
                fragment_cache.make_key("tpl:thread-posts", [list_key], request),
                *(
                    fragment_cache.make_key("tpl:post", [post.fragment_key], request)
                    for post in head + posts
                ),
            ],
        )
    return head_key, list_key


def _all_cached(request, lists) -> bool:
    """Whether every list of posts is cached, as a whole or post by post."""
    from website import fragment_cache

    prefetched = getattr(request, "_fragment_prefetched", None) or {}

    def cached(name, key) -> bool:
        key = fragment_cache.make_key(name, [key], request)
        return prefetched.get(key, fragment_cache.MISSING) is not fragment_cache.MISSING

    return all(
        cached(name, list_key) or all(cached("tpl:post", post.fragment_key) for post in posts)
        for name, list_key, posts in lists
    )


# What the thread page needs of each post before knowing whether its cached fragment is there.
_ROW_FIELDS = ("pk", "author_id", "created_at", "is_first", "is_hidden", "is_deleted")


class _PostRow:
    """A post as the page lists it (``_ROW_FIELDS`` and its reaction counts): enough to
    compute its flags and its fragment key. Replaced by the full post when the fragment has
    to be rendered."""

    def __init__(self, values: dict):
        self.__dict__.update(values)
        self.id = self.pk


def _page_rows(request, thread, page_param):
    """The thread's paginator and the rows of the page asked for (the question and the accepted
    answer on page 1): cached per thread and generation, so a page read again costs no query
    for its posts while every fragment is cached."""
    from website import fragment_cache

    def count():
        return _other_posts(thread).count()

    paginator = Paginator([], POSTS_PER_PAGE)
    paginator.count = fragment_cache.cached_value(
        "thread-count", [thread.pk, thread.accepted_post_id], count, request
    )
    page_obj = paginator.get_page(page_param)

    def rows():
        queryset = Post.objects.annotate(
            thanks_count=Count("reactions", filter=Q(reactions__kind=Reaction.Kind.THANKS)),
            useful_count=Count("reactions", filter=Q(reactions__kind=Reaction.Kind.USEFUL)),
        ).values(*_ROW_FIELDS, "thanks_count", "useful_count")
        start = (page_obj.number - 1) * POSTS_PER_PAGE
        page = list(
            queryset.filter(
                pk__in=_other_posts(thread).values("pk")[start : start + POSTS_PER_PAGE]
            ).order_by("created_at", "pk")
        )
        head = []
        if page_obj.number == 1:
            head_filter = Q(is_first=True)
            if thread.accepted_post_id:
                head_filter |= Q(pk=thread.accepted_post_id)
            head = sorted(
                queryset.filter(head_filter, thread=thread), key=lambda row: not row["is_first"]
            )
        return head, page

    head, page = fragment_cache.cached_value(
        "thread-rows", [thread.pk, thread.accepted_post_id, page_obj.number], rows, request
    )
    return page_obj, [_PostRow(row) for row in head], [_PostRow(row) for row in page]


def _my_reactions(user, posts) -> dict[int, str]:
    if not user.is_authenticated or not posts:
        return {}
    return dict(
        Reaction.objects.filter(user=user, post_id__in=[post.pk for post in posts])
        .order_by("pk")
        .values_list("post_id", "kind")
    )


def _full_posts(user, moderator: bool, rows):
    """The posts of ``rows`` with everything their template shows, in the same order."""
    by_pk = {
        post.pk: post
        for post in _annotated_posts(user, moderator).filter(pk__in=[row.pk for row in rows])
    }
    return [by_pk[row.pk] for row in rows if row.pk in by_pk]


def _thread_page(
    request, thread, reply_form=None, preview_html=None, preview_error=None, files_lost=False
):
    from website import fragment_cache

    user = request.user
    moderator = permissions.is_moderator(user)
    mark = None
    if user.is_authenticated:
        mark = ReadMark.objects.filter(user=user, thread=thread).first()
    last_read = mark.last_read_at if mark else None

    page_obj, head, page_posts = _page_rows(request, thread, request.GET.get("page"))
    if fragment_cache.enabled():
        # Rows first: when every post's fragment is cached, no post is loaded.
        reactions = _my_reactions(user, head + page_posts)
        for post in head + page_posts:
            post.my_reaction = reactions.get(post.pk)
    else:
        head = _full_posts(user, moderator, head)
        page_posts = _full_posts(user, moderator, page_posts)
    page_url = thread_url(thread, page_obj.number)
    separator = "&" if "?" in page_url else "?"

    def prepare(posts):
        _decorate(posts, user, thread, moderator, last_read)
        for post in posts:
            post.quote_url = f"{page_url}{separator}citer={post.pk}#repondre"

    prepare(head + page_posts)

    first_unread_url = None
    if last_read is not None and thread.last_post_at > last_read:

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

        # The same for everyone who stopped reading at the same moment: cached per generation.
        first_unread_url = fragment_cache.cached_value(
            "thread-first-unread", [thread.pk, last_read.isoformat()], first_unread, request
        )

    reply_reason = None
    if user.is_authenticated:
        reply_reason = permissions.why_cannot_reply(user, thread)
        if reply_form is None and reply_reason is None:
            reply_form = ReplyForm(
                user=user,
                initial={"text": _quote(user, thread, request.GET.get("citer"), moderator)},
            )
        _update_read_mark(
            user,
            thread,
            mark,
            head + page_posts,
            page_obj.number == page_obj.paginator.num_pages,
        )

    def _tags():
        tags = []
        for name, _model, legend in TAG_FIELDS:
            terms = list(getattr(thread, name).all())
            if terms:
                tags.append((legend, terms))
        return tags

    has_reply_form = reply_form is not None
    keys = _post_fragments(request, thread, head, page_posts, moderator, has_reply_form)
    if any(isinstance(post, _PostRow) for post in head + page_posts) and not _all_cached(
        request,
        [("tpl:thread-head-posts", keys[0], head), ("tpl:thread-posts", keys[1], page_posts)],
    ):
        # Some fragment must be rendered: the full posts (their flags computed again).
        head = _full_posts(user, moderator, head)
        page_posts = _full_posts(user, moderator, page_posts)
        prepare(head + page_posts)
        keys = _post_fragments(request, thread, head, page_posts, moderator, has_reply_form)

    # The reply form's fields are the same for everyone with the same right to attach files
    # while the form is blank: a cached fragment (None: rendered, not cached).
    reply_fields_variant = None
    if (
        reply_form is not None
        and not reply_form.is_bound
        and not reply_form.initial.get("text")
        and not preview_html
        and not preview_error
    ):
        reply_fields_variant = "files" if "attachments" in reply_form.fields else "text"
        if permissions.may_post_links_and_files(user):
            reply_fields_variant += "+links"

    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "reply_fields_variant": reply_fields_variant,
            "category": thread.category,
            "head_posts": head,
            "posts": page_posts,
            "head_posts_key": keys[0],
            "posts_key": keys[1],
            "page_obj": page_obj,
            "first_unread_url": first_unread_url,
            "reply_form": reply_form,
            "reply_reason": reply_reason,
            "reply_action": page_url + "#repondre",
            "page_url": page_url,
            "preview_html": preview_html,
            "preview_error": preview_error,
            "files_lost": files_lost,
            "is_moderator": moderator,
            # Five queries, only when the « thread-tags » fragment is not cached.
            "tags": SimpleLazyObject(_tags),
            "linked_page": thread.linked_page.specific if thread.linked_page_id else None,
            "reaction_kinds": Reaction.Kind.choices,
            **_subscription_context(user, thread=thread),
        },
    )


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


# --- Writing -------------------------------------------------------------------------------------


@login_required
@submit_once(gettext_lazy("Cette discussion avait déjà été publiée."))
def new_thread(request, slug):
    user = request.user
    category = _category_or_404(user, slug)
    linked_page = _linked_page(request.POST.get("linked_page") or request.GET.get("page"))
    preview_html = preview_error = None
    files_lost = False
    if request.method == "POST":
        files_lost = _files_were_sent(request)
        if PREVIEW_PARAM in request.POST:
            preview_html, preview_error = _preview(request.POST.get("text"))
            form = unbound_copy(ThreadForm, request.POST, user=user)
        else:
            form = ThreadForm(request.POST, request.FILES, user=user)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    with transaction.atomic():
                        thread = services.create_thread(
                            user,
                            category,
                            data["title"],
                            data["text"],
                            kind=data["kind"],
                            tags=form.tags(),
                            linked_page=linked_page,
                        )
                        first_post = thread.posts.get(is_first=True)
                        _save_attachments(first_post, data["attachments"])
                except services.ForumError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("Votre discussion est publiée."))
                    return redirect(thread_url(thread))
    else:
        form = ThreadForm(user=user)
    return render(
        request,
        "forum/thread_form.html",
        {
            "category": category,
            "form": form,
            "post_reason": permissions.why_cannot_post(user, category),
            "linked_page": linked_page,
            "preview_html": preview_html,
            "preview_error": preview_error,
            "files_lost": files_lost,
        },
    )


@login_required
def edit_post(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    if not permissions.can_edit_post(user, post):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce message."))
    preview_html = preview_error = None
    if request.method == "POST":
        if PREVIEW_PARAM in request.POST:
            preview_html, preview_error = _preview(request.POST.get("text"))
            form = unbound_copy(EditPostForm, request.POST)
        else:
            form = EditPostForm(request.POST)
            if form.is_valid():
                try:
                    services.edit_post(user, post, form.cleaned_data["text"])
                except services.ForumError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("Votre modification est enregistrée."))
                    return redirect(post_url(post))
    else:
        form = EditPostForm(initial={"text": post.source})
    return render(
        request,
        "forum/post_edit.html",
        {
            "post": post,
            "thread": post.thread,
            "category": post.thread.category,
            "thread_url": thread_url(post.thread),
            "form": form,
            "preview_html": preview_html,
            "preview_error": preview_error,
            "cancel_url": post_url(post),
        },
    )


@login_required
def delete_post(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    if not permissions.can_delete_post(user, post):
        raise PermissionDenied(_("Vous ne pouvez pas supprimer ce message."))
    own = post.author_id == user.pk
    form = DeletePostForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.delete_post(user, post, "" if own else form.cleaned_data["reason"])
        messages.success(request, _("Le message est supprimé."))
        return redirect(post_url(post))
    return render(
        request,
        "forum/post_delete.html",
        {
            "post": post,
            "thread": post.thread,
            "category": post.thread.category,
            "thread_url": thread_url(post.thread),
            "form": form,
            "own": own,
            "cancel_url": post_url(post),
        },
    )


@login_required
@require_POST
def react(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    kind = request.POST.get("kind", "")
    try:
        reaction = services.react(user, post, kind)
    except services.ForumError as error:
        messages.error(request, str(error))
    else:
        if reaction is None:
            messages.success(request, _("Votre réaction est retirée."))
        else:
            messages.success(
                request,
                _("Votre réaction « %(kind)s » est enregistrée.")
                % {"kind": reaction.get_kind_display()},
            )
    return redirect(post_url(post))


@login_required
@require_POST
def accept(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    thread = post.thread
    withdraw = request.POST.get("action") == "retirer"
    try:
        services.accept_answer(user, thread, None if withdraw else post)
    except services.ForumError as error:
        messages.error(request, str(error))
        return redirect(post_url(post))
    if withdraw:
        messages.success(request, _("La réponse n’est plus marquée comme acceptée."))
        return redirect(post_url(post))
    messages.success(
        request, _("La réponse est marquée comme acceptée : la discussion est résolue.")
    )
    return redirect(thread_url(thread, anchor=f"message-{post.pk}"))


@login_required
def flag(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    reason = permissions.why_cannot_flag(user, post)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_post(user, post, form.cleaned_data["reason"])
        except services.ForumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Merci : votre signalement est transmis à l’équipe de modération."),
            )
            return redirect(post_url(post))
    return render(
        request,
        "forum/post_flag.html",
        {
            "post": post,
            "thread": post.thread,
            "category": post.thread.category,
            "thread_url": thread_url(post.thread),
            "form": form,
            "flag_reason": reason,
            "show_form": request.method == "POST" or reason is None,
            "cancel_url": post_url(post),
        },
    )


# --- Helpers for the progressive enhancement (static/js/forum.js) --------------------------------


@require_POST
def preview(request):
    """The sanitised HTML of a Markdown text, for the live preview."""
    if not request.user.is_authenticated:
        return HttpResponse(
            escape(_("Connectez-vous pour prévisualiser un message.")),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    text = request.POST.get("text") or ""
    html, error = _preview(text)
    if error:
        return HttpResponse(
            f'<p class="fr-error-text">{escape(error)}</p>',
            status=400 if len(text) > services.MAX_POST_LENGTH else 200,
            content_type="text/html; charset=utf-8",
        )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def mentions(request):
    """Active people (but oneself) whose handle or name starts with ``q``, for @mention
    suggestions."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"error": _("Connectez-vous pour mentionner quelqu’un."), "results": []}, status=403
        )
    query = (request.GET.get("q") or "").strip().lstrip("@")[:60]
    if not query:
        return JsonResponse({"results": []})
    people = (
        get_user_model()
        .objects.filter(is_active=True, handle__isnull=False)
        .exclude(pk=request.user.pk)
        .filter(
            Q(handle__istartswith=query)
            | Q(first_name__istartswith=query)
            | Q(last_name__istartswith=query)
        )
        .order_by("handle")
        .only("handle", "first_name", "last_name", "organisation")[:MENTIONS_LIMIT]
    )
    return JsonResponse(
        {
            "results": [
                {
                    "handle": person.handle,
                    "name": person.get_full_name(),
                    "organisation": person.organisation,
                }
                for person in people
            ]
        }
    )


def attachment(request, pk):
    """An attached file, served only to the people who may read its post."""
    item = get_object_or_404(Attachment.objects.select_related("post__thread__category"), pk=pk)
    post = item.post
    user = request.user
    if not permissions.can_read_thread(user, post.thread):
        raise Http404
    if (post.is_deleted or post.is_hidden) and not permissions.is_moderator(user):
        raise Http404
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=item.content_type == "application/pdf",
        filename=item.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
