"""The posts of a thread's page: annotated, decorated for the viewer, and cached as fragments
(shared by everyone with the same rights; the personal parts are added per viewer)."""

from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from forum import permissions
from forum.links import POSTS_PER_PAGE, _other_posts
from forum.models import (
    Attachment,
    Post,
    PostRevision,
    Reaction,
    ReadMark,
    Thread,
)
from forum.quoting import quote_markdown


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
    return quote_markdown(quoted)


def _decorate(posts, user, thread: Thread, moderator: bool, last_read) -> None:
    """Per-post flags the template shows (no query: permissions are cached on ``user``)."""
    can_accept = permissions.can_accept_answer(user, thread)
    authenticated = user.is_authenticated
    for post in posts:
        post.thread = thread
        post.is_accepted = post.pk == thread.accepted_post_id
        post.is_unread = last_read is not None and post.created_at > last_read
        post.shows_content = not post.is_deleted and (
            not post.is_hidden or permissions.can_read_hidden_post(user, post)
        )
        post.can_edit = permissions.can_edit_post(user, post)
        post.can_delete = permissions.can_delete_post(user, post)
        post.can_react = post.shows_content and permissions.can_react(user, post)
        post.can_flag = authenticated and post.shows_content and post.author_id != user.pk
        post.can_quote = post.shows_content and (not post.is_hidden or moderator)
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

    def cached(name, key) -> bool:
        return fragment_cache.is_prefetched(request, fragment_cache.make_key(name, [key]))

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
    answer on page 1): cached until the thread changes, so a page read again costs no query
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
