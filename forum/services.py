"""Forum rules as plain functions: views call these, never the models directly.

Every write runs in one transaction; notifications are rows written in that same transaction
(forum.notifications), e-mailed later by Celery: a broker outage never blocks nor loses a post."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forum import permissions
from forum.models import Flag, ModerationLog, Post, PostRevision, Reaction, Thread
from forum.rendering import contains_link, render_markdown

MAX_POST_LENGTH = 20000


class ForumError(Exception):
    """A refused action; ``str(error)`` is the French message to show (the text is kept)."""


def _check_text(user, source: str) -> str:
    source = (source or "").strip()
    if not source:
        raise ForumError("Le message est vide : écrivez quelque chose avant de publier.")
    if len(source) > MAX_POST_LENGTH:
        raise ForumError(
            f"Le message est trop long ({len(source)} caractères, {MAX_POST_LENGTH} au plus)."
        )
    if contains_link(source) and not permissions.may_post_links_and_files(user):
        raise ForumError(
            "Les nouveaux comptes ne peuvent pas encore publier de liens : retirez le lien, "
            "votre texte est conservé."
        )
    return source


def _after_post(post: Post) -> None:
    from forum import notifications

    thread = post.thread
    Thread.objects.filter(pk=thread.pk).update(
        posts_count=F("posts_count") + 1,
        last_post_at=post.created_at,
        last_poster=post.author,
    )
    notifications.post_created(post)


@transaction.atomic
def create_thread(
    user, category, title, source, kind=Thread.Kind.QUESTION, tags=None, linked_page=None
) -> Thread:
    reason = permissions.why_cannot_post(user, category)
    if reason:
        raise ForumError(reason)
    title = (title or "").strip()
    if not title:
        raise ForumError("Donnez un titre à la discussion.")
    source = _check_text(user, source)
    now = timezone.now()
    thread = Thread.objects.create(
        category=category,
        title=title[:200],
        kind=kind,
        author=user,
        linked_page=linked_page,
        last_post_at=now,
        last_poster=user,
        created_at=now,
    )
    for field, values in (tags or {}).items():
        getattr(thread, field).set(values)
    post = Post.objects.create(
        thread=thread,
        author=user,
        source=source,
        html=render_markdown(source),
        is_first=True,
        created_at=now,
    )
    _after_post(post)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def reply(user, thread: Thread, source: str) -> Post:
    thread = Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)
    reason = permissions.why_cannot_reply(user, thread)
    if reason:
        raise ForumError(reason)
    source = _check_text(user, source)
    post = Post.objects.create(
        thread=thread, author=user, source=source, html=render_markdown(source)
    )
    _after_post(post)
    return post


@transaction.atomic
def edit_post(user, post: Post, source: str) -> Post:
    if not permissions.can_edit_post(user, post):
        raise PermissionDenied("Vous ne pouvez pas modifier ce message.")
    source = _check_text(user, source)
    if source == post.source:
        return post
    PostRevision.objects.create(post=post, source=post.source, edited_by=user)
    post.source = source
    post.html = render_markdown(source)
    post.edited_at = timezone.now()
    fields = ["source", "html", "edited_at"]
    resubmitted = post.is_hidden and post.author_id == user.pk
    if resubmitted:  # the author fixed a hidden post: back to the moderation queue
        post.resubmitted_at = post.edited_at
        fields.append("resubmitted_at")
    post.save(update_fields=fields)
    if post.author_id != user.pk:
        log(user, "edit", post=post)
    elif resubmitted:
        from forum import moderation_alerts

        log(None, "resubmit", post=post)
        moderation_alerts.post_resubmitted(post)
    return post


@transaction.atomic
def delete_post(user, post: Post, reason: str = "") -> Post:
    if not permissions.can_delete_post(user, post):
        raise PermissionDenied("Vous ne pouvez pas supprimer ce message.")
    post.is_deleted = True
    post.save(update_fields=["is_deleted"])
    Thread.objects.filter(pk=post.thread_id, accepted_post=post).update(accepted_post=None)
    if post.author_id != user.pk:
        log(user, "delete", post=post, reason=reason)
        from forum import notifications

        notifications.moderation_decision(
            post.author, post.thread, post, "Votre message a été supprimé.", reason, user
        )
    return post


@transaction.atomic
def react(user, post: Post, kind: str) -> Reaction | None:
    """Toggle a reaction: the same kind again removes it; another kind replaces it."""
    if not permissions.can_react(user, post):
        raise ForumError("Vous ne pouvez pas réagir à ce message.")
    if kind not in Reaction.Kind.values:
        raise ForumError("Réaction inconnue.")
    existing = Reaction.objects.filter(post=post, user=user).first()
    if existing and existing.kind == kind:
        existing.delete()
        return None
    if existing:
        existing.kind = kind
        existing.save(update_fields=["kind"])
        return existing
    return Reaction.objects.create(post=post, user=user, kind=kind)


@transaction.atomic
def accept_answer(user, thread: Thread, post: Post | None) -> Thread:
    if not permissions.can_accept_answer(user, thread):
        raise PermissionDenied(
            "Seul l’auteur de la question ou l’équipe d’animation peut choisir la réponse acceptée."
        )
    if post is not None and (post.thread_id != thread.pk or post.is_first or post.is_deleted):
        raise ForumError("Ce message ne peut pas être la réponse acceptée.")
    thread.accepted_post = post
    thread.save(update_fields=["accepted_post"])
    if post is not None:
        from forum import notifications

        notifications.answer_accepted(post, user)
    return thread


FLAGS_TO_HIDE = 3


@transaction.atomic
def flag_post(user, post: Post, reason: str, reason_code: str = "") -> Flag:
    """A flag with a canned reason (``forum.moderation_reasons``) and/or a free text; the
    moderators are notified (``forum.moderation_alerts``)."""
    from forum import moderation_alerts
    from forum.moderation_reasons import Reason, reason_text

    why = permissions.why_cannot_flag(user, post)
    if why:
        raise ForumError(why)
    reason_code = reason_code if reason_code in Reason.values else ""
    reason = reason_text(reason_code, reason)
    if not reason:
        raise ForumError("Indiquez pourquoi vous signalez ce message.")
    if Flag.objects.filter(post=post, user=user).exists():
        raise ForumError(
            "Vous avez déjà signalé ce message ; l’équipe de modération va l’examiner."
        )
    flag = Flag.objects.create(post=post, user=user, reason=reason[:500], reason_code=reason_code)
    moderation_alerts.flag_received(flag)
    open_flags = Flag.objects.filter(post=post, status=Flag.Status.OPEN).count()
    if open_flags >= FLAGS_TO_HIDE and not post.is_hidden:
        post.is_hidden = True
        post.hidden_reason = (
            "Masqué automatiquement après plusieurs signalements, en attente d’examen."
        )
        post.save(update_fields=["is_hidden", "hidden_reason"])
        log(None, "auto_hide", post=post, reason=f"{open_flags} signalements")
    return flag


def log(moderator, action, thread=None, post=None, reason="") -> ModerationLog:
    return ModerationLog.objects.create(
        moderator=moderator,
        action=action,
        thread=thread or (post.thread if post else None),
        post=post,
        reason=reason,
    )


def related_threads(user, page, limit=5):
    """« Discussions liées » of a page (practice sheet, document, event) that ``user`` may read,
    latest activity first, and the total count."""
    queryset = (
        Thread.objects.filter(
            linked_page_id=page.pk, category__in=permissions.readable_categories(user)
        )
        .select_related("category", "last_poster")
        .order_by("-last_post_at")
    )
    return list(queryset[:limit]), queryset.count()
