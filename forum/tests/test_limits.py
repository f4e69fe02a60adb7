"""Limits of new accounts (settings FORUM_NEW_ACCOUNT_*) and of the post length."""

import pytest
from django.test import override_settings

from forum import services
from forum.models import Post
from forum.tests.factories import ThreadFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_new_account_posts_are_limited_per_hour():
    question = ThreadFactory()
    newcomer = UserFactory()  # joined just now
    for number in range(5):
        services.reply(newcomer, question, f"Réponse numéro {number}")
    with pytest.raises(services.ForumError, match="au plus 5 messages par heure"):
        services.reply(newcomer, question, "Une sixième réponse")
    assert Post.objects.filter(author=newcomer).count() == 5


@override_settings(FORUM_NEW_ACCOUNT_POSTS_PER_HOUR=2)
def test_the_limit_is_a_setting():
    question = ThreadFactory()
    newcomer = UserFactory()
    services.reply(newcomer, question, "Un")
    services.reply(newcomer, question, "Deux")
    with pytest.raises(services.ForumError, match="au plus 2 messages par heure"):
        services.reply(newcomer, question, "Trois")


def test_new_accounts_cannot_post_links_but_older_ones_can():
    question = ThreadFactory()
    with pytest.raises(services.ForumError, match="ne peuvent pas encore publier de liens"):
        services.reply(UserFactory(), question, "Voir [ce site](https://example.org)")
    post = services.reply(UserFactory(old=True), question, "Voir [ce site](https://example.org)")
    assert 'href="https://example.org"' in post.html


def test_no_limit_when_the_new_account_period_is_zero(settings):
    # One mechanism only (the settings fixture): mixing it with @override_settings leaks values.
    settings.FORUM_NEW_ACCOUNT_HOURS = 0
    settings.FORUM_POSTS_PER_MINUTE = 100  # the limit every account has is tested elsewhere
    question = ThreadFactory()
    newcomer = UserFactory()
    for number in range(7):
        services.reply(newcomer, question, f"Message {number} avec [lien](https://example.org)")
    assert Post.objects.filter(author=newcomer).count() == 7


def test_oversized_and_empty_posts_are_refused():
    question = ThreadFactory()
    author = UserFactory(old=True)
    with pytest.raises(services.ForumError, match="trop long"):
        services.reply(author, question, "x" * (services.MAX_POST_LENGTH + 1))
    with pytest.raises(services.ForumError, match="vide"):
        services.reply(author, question, "   ")
    assert not Post.objects.filter(author=author).exists()
