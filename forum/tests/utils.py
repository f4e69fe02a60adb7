"""Test data for the forum: categories, people with each role, threads and replies written
through forum.services (so the counters and read marks behave as in production)."""

from datetime import timedelta

from django.utils import timezone

from accounts import roles
from accounts.models import Membership
from forum import services
from forum.models import Category, Post, Thread
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

OLD = timedelta(days=30)


def old_user(**kwargs):
    """A verified account older than FORUM_NEW_ACCOUNT_HOURS (may post links and files)."""
    user = UserFactory(**kwargs)
    user.date_joined = timezone.now() - OLD
    user.save(update_fields=["date_joined"])
    return user


def category(slug="entraide", visibility=Category.Visibility.PUBLIC, territory=None, **kwargs):
    return Category.objects.create(
        name=kwargs.pop("name", slug.replace("-", " ").capitalize()),
        slug=slug,
        visibility=visibility,
        territory=territory,
        **kwargs,
    )


def thread(
    author=None,
    in_category=None,
    title="Comment toucher les familles ?",
    text="Premier message de la discussion.",
    kind=Thread.Kind.QUESTION,
    **kwargs,
):
    author = author or old_user()
    in_category = in_category or category(slug=f"categorie-{Category.objects.count() + 1}")
    return services.create_thread(author, in_category, title, text, kind=kind, **kwargs)


def reply(a_thread, author=None, text="Une réponse."):
    return services.reply(author or old_user(), a_thread, text)


def bulk_replies(a_thread, count, authors=None):
    """Many replies quickly (bypasses services: no notifications), with increasing dates in the
    past (the thread and its first post are moved back before them)."""
    authors = authors or [old_user() for _ in range(3)]
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
        self.registered = old_user(first_name="Rita", last_name="Inscrite")
        self.member = MembershipFactory(
            territory=self.other_territory, user=old_user(first_name="Marc", last_name="Membre")
        ).user
        self.territory_member = MembershipFactory(
            territory=self.territory, user=old_user(first_name="Tina", last_name="Territoire")
        ).user
        self.referent = MembershipFactory(
            territory=self.other_territory,
            role=Membership.Role.REFERENT,
            user=old_user(first_name="Régis", last_name="Référent"),
        ).user
        self.moderator = old_user(
            first_name="Mona", last_name="Moderatrice", roles=[roles.MODERATOR]
        )
        self.facilitator = old_user(
            first_name="Fabien", last_name="Animateur", roles=[roles.FACILITATOR]
        )
