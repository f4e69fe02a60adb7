"""Test data for the forum: people with each role (``People``), replies written through
forum.services (so the counters and read marks behave as in production), many replies at once.
The categories and threads: forum.tests.factories."""

from datetime import timedelta

from django.utils import timezone

from accounts import roles
from accounts.models import Membership
from forum import services
from forum.models import Category, Post, Thread
from forum.tests.factories import CategoryFactory, ThreadFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory


def old_user(**kwargs):
    """A verified account older than FORUM_NEW_ACCOUNT_HOURS (the cache tests of website/tests
    import it): ``UserFactory(old=True)``."""
    return UserFactory(old=True, **kwargs)


def category(slug="entraide", visibility=Category.Visibility.PUBLIC, territory=None, **kwargs):
    """A category (the cache tests of website/tests import it): ``CategoryFactory``."""
    return CategoryFactory(slug=slug, visibility=visibility, territory=territory, **kwargs)


def thread(author=None, in_category=None, **kwargs):
    """A thread (the cache tests of website/tests import it): ``ThreadFactory``."""
    if author is not None:
        kwargs["author"] = author
    if in_category is not None:
        kwargs["category"] = in_category
    return ThreadFactory(**kwargs)


def reply(a_thread, author=None, text="Une réponse."):
    return services.reply(author or UserFactory(old=True), a_thread, text)


def bulk_replies(a_thread, count, authors=None):
    """Many replies quickly (bypasses services: no notifications), with increasing dates in the
    past (the thread and its first post are moved back before them)."""
    authors = authors or [UserFactory(old=True) for _ in range(3)]
    start = timezone.now() - timedelta(minutes=1, seconds=count)
    Thread.objects.filter(pk=a_thread.pk).update(created_at=start)
    Post.objects.filter(thread=a_thread, is_first=True).update(created_at=start)
    posts = [
        Post(
            thread=a_thread,
            author=authors[index % len(authors)],
            source=f"Réponse numéro {index}",
            html=f"<p>Réponse numéro {index}</p>",
            created_at=start + timedelta(seconds=index + 1),
        )
        for index in range(count)
    ]
    Post.objects.bulk_create(posts)
    Thread.objects.filter(pk=a_thread.pk).update(
        posts_count=count + 1,
        last_post_at=posts[-1].created_at,
        last_poster=posts[-1].author,
    )
    a_thread.refresh_from_db()
    return posts


class People:
    """One person per role, around a territory category (``territory``) and another territory.

    - anonymous: not logged in (None → AnonymousUser in the checks);
    - registered: verified account, no membership;
    - member: accepted member of another territory than the category's;
    - territory_member: accepted member of the category's territory;
    - referent: référent of another territory;
    - moderator, facilitator: site-wide roles."""

    def __init__(self):
        self.territory = TerritoryFactory(name="Fictiville")
        self.other_territory = TerritoryFactory(name="Autreville")
        self.registered = UserFactory(first_name="Rita", last_name="Inscrite", old=True)
        self.member = MembershipFactory(
            territory=self.other_territory,
            user=UserFactory(first_name="Marc", last_name="Membre", old=True),
        ).user
        self.territory_member = MembershipFactory(
            territory=self.territory,
            user=UserFactory(first_name="Tina", last_name="Territoire", old=True),
        ).user
        self.referent = MembershipFactory(
            territory=self.other_territory,
            role=Membership.Role.REFERENT,
            user=UserFactory(first_name="Régis", last_name="Référent", old=True),
        ).user
        self.moderator = UserFactory(
            first_name="Mona", last_name="Moderatrice", roles=[roles.MODERATOR], old=True
        )
        self.facilitator = UserFactory(
            first_name="Fabien", last_name="Animateur", roles=[roles.FACILITATOR], old=True
        )
