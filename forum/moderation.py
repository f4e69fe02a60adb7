"""Moderation of the forum: the decisions as plain functions (the queue's pages and forms are in
``forum.views.moderation``).

Moderators, facilitators and DGCS administrators (``forum.permissions.can_moderate``) hide or
restore a post, dismiss the flags of a post, lock, pin, move or rename a thread. Every decision
needs a reason, is written to the moderation log (``forum.services.log``) and is told to the
people concerned, with the reason: for a post, its author and the people who flagged it
(``forum.moderation_alerts``, notification and e-mail); for a thread, its author
(``forum.notifications.moderation_decision``).

Flags come from ``forum.services.flag_post`` (a post flagged by several people is hidden
automatically, pending review: it appears in the queue); a hidden post its author edits comes
back to the queue (``resubmit``, ``forum.services.edit_post``)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from forum import moderation_alerts, notifications, permissions
from forum.models import Category, Flag, Post, Thread
from forum.services import ForumError, log

ACTION_LABELS = {
    "hide": "Message masqué",
    "restore": "Message rétabli",
    "dismiss_flags": "Signalements écartés",
    "auto_hide": "Message masqué automatiquement",
    "lock": "Discussion verrouillée",
    "unlock": "Discussion déverrouillée",
    "pin": "Discussion épinglée",
    "unpin": "Discussion désépinglée",
    "move": "Discussion déplacée",
    "rename": "Discussion renommée",
    "edit": "Message modifié",
    "delete": "Message supprimé",
    "resubmit": "Message masqué modifié par son auteur",
}


def _check(moderator, reason: str) -> str:
    if not permissions.can_moderate(moderator):
        raise PermissionDenied("La modération du forum est réservée à l’équipe de modération.")
    reason = (reason or "").strip()
    if not reason:
        raise ForumError("Indiquez le motif de votre décision : il est transmis à l’auteur.")
    return reason[:1000]


def _close_flags(post: Post, status: str) -> list[int]:
    """Close the open flags of ``post``; returns their ids (their authors are told)."""
    ids = list(Flag.objects.filter(post=post, status=Flag.Status.OPEN).values_list("pk", flat=True))
    Flag.objects.filter(pk__in=ids).update(status=status)
    return ids


def _decide_visibility(post: Post, hidden: bool, reason: str) -> None:
    post.is_hidden = hidden
    post.hidden_reason = reason[:300] if hidden else ""
    post.resubmitted_at = None
    post.save(update_fields=["is_hidden", "hidden_reason", "resubmitted_at"])


# --- Decisions -----------------------------------------------------------------------------------


@transaction.atomic
def hide_post(moderator, post: Post, reason: str) -> Post:
    """Hide the post (or confirm its hiding): its flags are upheld, the people who flagged it
    and its author are told, the author with the reason and a link to edit it."""
    reason = _check(moderator, reason)
    _decide_visibility(post, True, reason)
    flag_ids = _close_flags(post, Flag.Status.UPHELD)
    moderation_alerts.handled(post)
    log(moderator, "hide", post=post, reason=reason)
    moderation_alerts.tell_flaggers(post, flag_ids, True, moderator)
    moderation_alerts.tell_author(
        post,
        f"Votre message dans « {post.thread.title} » a été masqué par l’équipe de modération.",
        reason,
        moderator,
        hidden=True,
    )
    return post


@transaction.atomic
def restore_post(moderator, post: Post, reason: str) -> Post:
    """Make a hidden post visible again; its open flags are dismissed (their authors told)."""
    reason = _check(moderator, reason)
    was_hidden = post.is_hidden
    _decide_visibility(post, False, reason)
    flag_ids = _close_flags(post, Flag.Status.DISMISSED)
    moderation_alerts.handled(post)
    log(moderator, "restore", post=post, reason=reason)
    moderation_alerts.tell_flaggers(post, flag_ids, False, moderator)
    if was_hidden:
        moderation_alerts.tell_author(
            post,
            f"Votre message dans « {post.thread.title} » est de nouveau visible.",
            reason,
            moderator,
            hidden=False,
        )
    return post


@transaction.atomic
def dismiss_flags(moderator, post: Post, reason: str) -> int:
    """The flags were not founded: close them, the post stays as it is. The people who flagged
    it learn it stays online; its author gets the reason."""
    reason = _check(moderator, reason)
    flag_ids = _close_flags(post, Flag.Status.DISMISSED)
    moderation_alerts.handled(post)
    log(moderator, "dismiss_flags", post=post, reason=reason)
    moderation_alerts.tell_flaggers(post, flag_ids, post.is_hidden, moderator)
    if flag_ids:
        moderation_alerts.tell_author(
            post,
            f"Votre message dans « {post.thread.title} » a été signalé ; l’équipe de modération "
            "l’a laissé tel quel.",
            reason,
            moderator,
            hidden=post.is_hidden,
        )
    return len(flag_ids)


def _thread_decision(
    moderator, thread: Thread, action: str, message: str, reason: str, log_reason: str | None = None
) -> None:
    log(moderator, action, thread=thread, reason=log_reason or reason)
    notifications.moderation_decision(thread.author, thread, None, message, reason, moderator)


@transaction.atomic
def lock_thread(moderator, thread: Thread, reason: str, locked: bool = True) -> Thread:
    reason = _check(moderator, reason)
    thread.is_locked = locked
    thread.save(update_fields=["is_locked"])
    if locked:
        message = (
            f"Votre discussion « {thread.title} » a été verrouillée : on ne peut plus y répondre."
        )
    else:
        message = f"Votre discussion « {thread.title} » est de nouveau ouverte aux réponses."
    _thread_decision(moderator, thread, "lock" if locked else "unlock", message, reason)
    return thread


@transaction.atomic
def pin_thread(moderator, thread: Thread, reason: str, pinned: bool = True) -> Thread:
    reason = _check(moderator, reason)
    thread.is_pinned = pinned
    thread.save(update_fields=["is_pinned"])
    if pinned:
        message = f"Votre discussion « {thread.title} » a été épinglée en tête de sa catégorie."
    else:
        message = f"Votre discussion « {thread.title} » n’est plus épinglée."
    _thread_decision(moderator, thread, "pin" if pinned else "unpin", message, reason)
    return thread


@transaction.atomic
def move_thread(moderator, thread: Thread, category: Category, reason: str) -> Thread:
    reason = _check(moderator, reason)
    old = thread.category
    if category.pk == old.pk:
        raise ForumError("La discussion est déjà dans cette catégorie.")
    thread.category = category
    thread.save(update_fields=["category"])
    _thread_decision(
        moderator,
        thread,
        "move",
        f"Votre discussion « {thread.title} » a été déplacée de « {old} » vers « {category} ».",
        reason,
        log_reason=f"{reason} (de « {old} » vers « {category} »)",
    )
    return thread


@transaction.atomic
def rename_thread(moderator, thread: Thread, title: str, reason: str) -> Thread:
    reason = _check(moderator, reason)
    title = (title or "").strip()[:200]
    if not title:
        raise ForumError("Donnez un titre à la discussion.")
    old = thread.title
    if title == old:
        raise ForumError("Le titre n’a pas changé.")
    thread.title = title
    thread.save(update_fields=["title"])
    _thread_decision(
        moderator,
        thread,
        "rename",
        f"Votre discussion « {old} » a été renommée « {title} ».",
        reason,
        log_reason=f"{reason} (« {old} » → « {title} »)",
    )
    return thread


def queue_posts():
    """Posts waiting in the queue: at least one open flag, or hidden and edited by their author
    since (resubmitted)."""
    open_flags = Flag.objects.filter(status=Flag.Status.OPEN)
    return Post.objects.filter(
        Q(pk__in=open_flags.values("post_id")) | Q(is_hidden=True, resubmitted_at__isnull=False),
        is_deleted=False,
    )


def open_flagged_posts_count() -> int:
    """Posts waiting in the queue (``queue_posts``)."""
    return queue_posts().count()
