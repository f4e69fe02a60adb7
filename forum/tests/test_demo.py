"""The demo forum: idempotent, at least 60 visibly fictional threads with replies, reactions,
accepted answers, mentions, one locked and one pinned thread, private categories."""

import pytest
from django.core import mail
from django.db.models import Count, Max

from accounts import demo as accounts_demo
from accounts.models import User
from forum import demo as forum_demo
from forum import permissions
from forum.models import Category, Notification, Post, Reaction, Thread

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Category.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
        Reaction.objects.count(),
        Notification.objects.count(),
    )


def _load_twice(django_capture_on_commit_callbacks):
    """The second load adds nothing; the demo e-mails nobody."""
    with django_capture_on_commit_callbacks(execute=True):
        result = forum_demo.load()
    counts = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        again = forum_demo.load()
    assert again["threads"] == 0
    assert _counts() == counts
    assert result["threads"] == Thread.objects.count() >= 60
    assert mail.outbox == []  # the demo e-mails nobody


def _check_categories_and_who_reads_them():
    names = set(Category.objects.values_list("name", flat=True))
    assert {
        "Partage de données",
        "Évaluation",
        "Aller-vers",
        "Accès numérique",
        "Vie de la communauté",
        "Espace des référents",
    } <= names
    referents = Category.objects.get(slug="espace-des-referents")
    assert referents.visibility == Category.Visibility.REFERENTS
    private = Category.objects.get(visibility=Category.Visibility.TERRITORY)
    assert private.territory.slug == "fictiville"
    team = User.objects.get(email="equipe@example.org")
    commissioner = User.objects.get(email="commissaire@example.org")
    assert permissions.can_read_category(team, private)
    assert not permissions.can_read_category(commissioner, private)
    assert private.threads.exists() and referents.threads.exists()


def _check_threads_posts_and_notifications():
    demo_emails = {person[0] for person in accounts_demo.PEOPLE}
    assert set(Post.objects.values_list("author__email", flat=True)) <= demo_emails
    assert Thread.objects.filter(is_locked=True).count() == 1
    assert Thread.objects.filter(is_pinned=True).count() == 1
    assert Thread.objects.filter(accepted_post__isnull=False).count() >= 10
    assert Reaction.objects.count() >= 50
    assert Post.objects.filter(source__contains="@").exists()  # mentions
    assert Notification.objects.filter(kind=Notification.Kind.MENTION).exists()
    assert Notification.objects.filter(read_at__isnull=True).exists()  # the bell shows some
    assert Post.objects.filter(is_first=False).count() >= 120
    # Visibly fictional.
    assert not Post.objects.exclude(source__contains="fictif").exists()


def _check_counters_and_readers():
    """Counters as forum.services keeps them; readers only."""
    for thread in Thread.objects.annotate(n=Count("posts"), last=Max("posts__created_at")):
        assert thread.posts_count == thread.n
        assert thread.last_post_at == thread.last
        first = thread.posts.get(is_first=True)
        assert first.author_id == thread.author_id
        if thread.accepted_post_id:
            assert thread.accepted_post.thread_id == thread.pk
            assert thread.accepted_post.author_id != thread.author_id
    # Readers only: every post's author may read its category.
    for post in Post.objects.select_related("thread__category", "author"):
        assert permissions.can_read_category(post.author, post.thread.category)


def test_demo_forum_is_complete_and_idempotent(django_capture_on_commit_callbacks):
    accounts_demo.load()
    _load_twice(django_capture_on_commit_callbacks)
    _check_categories_and_who_reads_them()
    _check_threads_posts_and_notifications()
    _check_counters_and_readers()
