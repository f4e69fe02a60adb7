"""Demo forum: categories (public, members, référents, one territory team) and 73 visibly
fictional threads by the demo accounts, with replies, reactions, accepted answers, mentions, one
locked and one pinned thread, a flag waiting in the moderation queue and a few notifications.

Idempotent: categories are keyed by slug, threads by title inside their category. Rows are
written directly (with past dates, and without sending any e-mail); the thread counters are set
as forum.services would have set them."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import Territory, User
from forum import permissions
from forum.demo_content import (
    ARCHIVE,
    CATEGORIES,
    DISCUSSION_BODIES,
    FOOTER,
    PLACES,
    QUESTION_BODIES,
    REPLIES,
    THREADS,
    WELCOME,
    WELCOME_BODY,
    Q,
    V,
)
from forum.models import (
    Category,
    Flag,
    ModerationLog,
    Notification,
    Post,
    Reaction,
    Subscription,
    Thread,
)
from forum.rendering import render_markdown


def _demo_people() -> list[User]:
    from accounts.demo import PEOPLE

    emails = [person[0] for person in PEOPLE]
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [people[email] for email in emails if email in people]


def _categories() -> dict[str, Category]:
    categories = {}
    for position, (slug, name, description, visibility, territory_slug) in enumerate(CATEGORIES):
        territory = (
            Territory.objects.filter(slug=territory_slug).first() if territory_slug else None
        )
        if visibility == V.TERRITORY and territory is None:
            continue
        category, _created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "visibility": visibility,
                "territory": territory,
                "position": position + 1,
            },
        )
        categories[slug] = category
    return categories


def _notify(user, kind, post, actor, message, created, unread=False) -> None:
    Notification.objects.create(
        user=user,
        kind=kind,
        thread=post.thread,
        post=post,
        actor=actor,
        message=message[:300],
        created_at=created,
        emailed_at=created,
        read_at=None if unread else created,
    )


@dataclass
class _Writing:
    """What the threads being written share: the random generator, the clock, the moderator, and
    how many notifications may still be left unread."""

    rng: random.Random
    now: datetime
    moderator: User
    unread_left: int = 4  # a few unread notifications, so that the bell shows something


def load() -> dict:
    rng = random.Random(2027)  # noqa: S311 - demo data, not security
    people = _demo_people()
    if not people:
        return {"categories": 0, "threads": 0}
    moderator = next((p for p in people if permissions.is_moderator(p)), people[0])
    categories = _categories()
    now = timezone.now()
    writing = _Writing(rng=rng, now=now, moderator=moderator)
    base = now - timedelta(days=160)
    number = 0
    created_threads = 0
    for slug, topics in THREADS.items():
        category = categories.get(slug)
        if category is None:
            continue
        readers = [person for person in people if permissions.can_read_category(person, category)]
        if len(readers) < 2:
            continue
        for title, kind in topics:
            number += 1
            if Thread.objects.filter(category=category, title=title).exists():
                continue
            created_threads += 1
            started = base + timedelta(
                days=number * 2, hours=rng.randint(8, 17), minutes=rng.randint(0, 59)
            )
            _write_thread(writing, category, readers, number, title, kind, started)
    return {
        "categories": len(categories),
        "threads": created_threads,
        "total_threads": Thread.objects.filter(category__in=categories.values()).count(),
    }


def _write_thread(writing, category, readers, number, title, kind, started) -> None:
    """One thread: its first post, the replies and reactions, its counters and state (accepted
    answer, pinned, locked), and sometimes a flag on its last post."""
    thread, first = _start_thread(writing, category, readers, number, title, kind, started)
    posts = [first]
    moment = started
    for _reply in range(0 if number % 9 == 4 else writing.rng.randint(1, 6)):
        moment = min(
            moment + timedelta(hours=writing.rng.randint(2, 40)),
            writing.now - timedelta(minutes=30),
        )
        posts.append(_write_reply(writing, thread, readers, posts[-1], number, moment))
    _react(writing, readers, posts, moment)
    _settle(writing, thread, posts, number, started)
    if number % 17 == 5 and len(posts) > 1:
        _flag(readers, posts[-1])


def _start_thread(writing, category, readers, number, title, kind, started):
    """The thread and its first post (the moderator writes the welcome and archive threads);
    the author watches it."""
    author = writing.moderator if title in (WELCOME, ARCHIVE) else readers[number % len(readers)]
    place = PLACES[number % len(PLACES)]
    if title == WELCOME:
        body = WELCOME_BODY
    else:
        bodies = QUESTION_BODIES if kind == Q else DISCUSSION_BODIES
        body = writing.rng.choice(bodies).format(place=place, title=title)
    thread = Thread.objects.create(
        category=category,
        title=title,
        kind=kind,
        author=author,
        created_at=started,
        last_post_at=started,
        last_poster=author,
    )
    first = Post.objects.create(
        thread=thread,
        author=author,
        source=body + FOOTER,
        html=render_markdown(body + FOOTER),
        is_first=True,
        created_at=started,
    )
    Subscription.objects.get_or_create(user=author, thread=thread)
    return thread, first


def _write_reply(writing, thread, readers, previous, number, moment) -> Post:
    """A reply by someone other than the previous post's author, perhaps mentioning a reader;
    the mentioned person and the thread's author are notified."""
    rng, author, title = writing.rng, thread.author, thread.title
    others = [p for p in readers if p.pk != previous.author_id]
    replier = rng.choice(others)
    text = rng.choice(REPLIES)
    mentioned = None
    if "{mention}" in text:
        candidates = [p for p in readers if p.pk != replier.pk and p.handle]
        mentioned = rng.choice(candidates) if candidates else None
    mention = f"@{mentioned.handle}" if mentioned else "Bonjour,"
    source = text.format(place=rng.choice(PLACES), mention=mention) + FOOTER
    post = Post.objects.create(
        thread=thread,
        author=replier,
        source=source,
        html=render_markdown(source),
        created_at=moment,
    )
    Subscription.objects.get_or_create(user=replier, thread=thread)
    if mentioned:
        Subscription.objects.get_or_create(user=mentioned, thread=thread)
        _notify(
            mentioned,
            Notification.Kind.MENTION,
            post,
            replier,
            f"{replier} vous mentionne dans « {title} »",
            moment,
            unread=writing.unread_left > 0,
        )
        writing.unread_left -= 1
    if replier.pk != author.pk:
        _notify(
            author,
            Notification.Kind.REPLY,
            post,
            replier,
            f"{replier} a répondu : « {title} »",
            moment,
            unread=writing.unread_left > 0 and number % 5 == 0,
        )
    return post


def _react(writing, readers, posts, moment) -> None:
    """Up to three reactions per post, by readers other than its author."""
    rng = writing.rng
    for post in posts:
        fans = [p for p in readers if p.pk != post.author_id]
        for fan in rng.sample(fans, rng.randint(0, min(3, len(fans)))):
            Reaction.objects.get_or_create(
                post=post,
                user=fan,
                defaults={"kind": rng.choice(Reaction.Kind.values), "created_at": moment},
            )


def _settle(writing, thread, posts, number, started) -> None:
    """The thread's counters as forum.services sets them; most questions get their first answer
    accepted; the welcome thread is pinned, the archive locked, each with its moderation log."""
    author, title = thread.author, thread.title
    last = posts[-1]
    thread.posts_count = len(posts)
    thread.last_post_at = last.created_at
    thread.last_poster = last.author
    fields = ["posts_count", "last_post_at", "last_poster"]
    answers = [post for post in posts[1:] if post.author_id != author.pk]
    if thread.kind == Q and answers and number % 3 != 0:
        thread.accepted_post = answers[0]
        fields.append("accepted_post")
        _notify(
            answers[0].author,
            Notification.Kind.ACCEPTED,
            answers[0],
            author,
            f"Votre réponse a été acceptée dans « {title} »",
            last.created_at,
        )
    if title == WELCOME:
        thread.is_pinned = True
        fields.append("is_pinned")
        ModerationLog.objects.create(
            moderator=writing.moderator,
            action="pin",
            thread=thread,
            created_at=started,
            reason="Règles du forum, à lire en premier (démo).",
        )
    if title == ARCHIVE:
        thread.is_locked = True
        fields.append("is_locked")
        ModerationLog.objects.create(
            moderator=writing.moderator,
            action="lock",
            thread=thread,
            created_at=last.created_at,
            reason="Calendrier passé, conservé pour mémoire (démo).",
        )
    thread.save(update_fields=fields)


def _flag(readers, flagged) -> None:
    """A flag waiting in the moderation queue, by a reader who is not a moderator."""
    flagger = next(
        (p for p in readers if p.pk != flagged.author_id and not permissions.is_moderator(p)),
        None,
    )
    if flagger:
        Flag.objects.get_or_create(
            post=flagged,
            user=flagger,
            defaults={"reason": "Hors sujet, à déplacer ? (signalement fictif)"},
        )
