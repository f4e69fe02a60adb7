"""Pages of the forum, one module per kind of address. The rules live in forum.permissions, the
writes in forum.services: these views read, check, call, and show the result (or the French
message, with the text kept).

A category or a thread the person may not read answers 404 (its existence is not revealed),
except a members-only one opened by a logged-out visitor: the pages decorated with
``_common.offer_login`` send them to the login page; an action on a readable post that the
person may not perform answers 403.

- ``categories``: /forum/, a category, the short addresses of threads and posts;
- ``threads``: a thread's page and its reply form (``post_rows``: its posts, cached as fragments);
- ``writing``: a new thread, editing and deleting a post;
- ``actions``: reactions, accepted answer, flags;
- ``helpers``: live preview, attachments;
- ``composer``: quotes, similar threads, mention suggestions, checks of pasted files;
- ``moderation``: the moderation queue, decisions and log (the decisions: ``forum.moderation``).
Addresses of threads and posts are built by ``forum.links``."""

from forum.views.actions import accept, flag, react
from forum.views.categories import category_detail, index, post_redirect, thread_redirect
from forum.views.composer import check_attachment, mentions, quote, similar_threads
from forum.views.helpers import attachment, preview
from forum.views.threads import thread_detail
from forum.views.writing import delete_post, edit_post, new_thread

__all__ = [
    "accept",
    "attachment",
    "check_attachment",
    "category_detail",
    "delete_post",
    "edit_post",
    "flag",
    "index",
    "mentions",
    "new_thread",
    "post_redirect",
    "preview",
    "quote",
    "similar_threads",
    "react",
    "thread_detail",
    "thread_redirect",
]
