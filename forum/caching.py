"""What the forum tells the cache layer (website.cache_rules): its personal pages, the models
that show on no page, and the scopes its changes touch.

- ``forum``: the forum as a whole (categories' and home page's lists of threads);
- ``forum.category:<id>``: a category's name and settings, shown on each of its threads;
- ``forum.thread:<id>``: a thread and its posts, reactions and attachments;
- ``forum.page:<id>``: the threads linked to a page (a sheet's « Discussions liées »).

New posts and reactions may reach anonymous pages up to ``GRACE_SECONDS`` late; an edited,
hidden or deleted post, a moved, renamed or locked thread are never late."""

from website.cache_rules import Change

GRACE_SECONDS = 30


def thread_scopes(thread) -> tuple[str, ...]:
    """What a thread's page depends on: the thread and its category."""
    return (f"forum.thread:{thread.pk}", f"forum.category:{thread.category_id}")


def _changed_by(thread) -> tuple[str, ...]:
    """What a change of the thread or of its posts touches: the thread, and the page it is
    linked to (its count of replies shows there)."""
    scopes = (f"forum.thread:{thread.pk}",)
    if thread.linked_page_id:
        scopes += (f"forum.page:{thread.linked_page_id}",)
    return scopes


def _thread(thread, created):
    return Change(_changed_by(thread), urgent=not created)


def _post(post, created):
    return Change(_changed_by(post.thread), urgent=not created)


def _reaction(reaction, created):
    """Added or taken back: a count that may be late."""
    return Change((f"forum.thread:{reaction.post.thread_id}",), urgent=False)


def _in_a_post(instance, created):
    """An attachment or a revision: the thread of its post."""
    return Change((f"forum.thread:{instance.post.thread_id}",), urgent=not created)


def _category(category, created):
    return Change((f"forum.category:{category.pk}",))


def register() -> None:
    from website import cache_rules

    cache_rules.register(
        private_prefixes=(
            "/forum/notifications/",
            "/forum/suivi/",
            "/forum/moderation/",
            "/forum/nouveautes/",
        ),
        ignored_models=(
            "forum.ReadMark",
            "forum.Notification",
            "forum.Subscription",
            "forum.Flag",
            "forum.ModerationLog",
        ),
        model_rules={
            "forum.Thread": _thread,
            "forum.Post": _post,
            "forum.Reaction": _reaction,
            "forum.Attachment": _in_a_post,
            "forum.PostRevision": _in_a_post,
            "forum.Category": _category,
        },
        grace={"forum": GRACE_SECONDS, "forum.thread": GRACE_SECONDS, "forum.page": GRACE_SECONDS},
    )
