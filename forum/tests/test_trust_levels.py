"""Trust levels (forum.permissions.trust_level): thresholds from the settings, the new-account
limits at level 0 only, and the notice that explains them on the writing forms."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from forum import permissions, services
from forum.links import thread_url
from forum.models import ReadMark
from forum.tests.factories import CategoryFactory, ThreadFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTICE = "Votre compte est encore nouveau"


def _joined(days=0, hours=0):
    return UserFactory(date_joined=timezone.now() - timedelta(days=days, hours=hours))


@pytest.fixture
def thresholds(settings):
    settings.FORUM_NEW_ACCOUNT_HOURS = 24
    settings.FORUM_TRUST_BASIC_THREADS_READ = 2
    settings.FORUM_TRUST_MEMBER_DAYS = 10
    settings.FORUM_TRUST_MEMBER_POSTS = 2
    settings.FORUM_TRUST_MEMBER_THREADS_READ = 2
    settings.FORUM_TRUST_REGULAR_DAYS = 50
    settings.FORUM_TRUST_REGULAR_POSTS = 3
    settings.FORUM_TRUST_REGULAR_THREADS_READ = 3
    return settings


def _read(user, count):
    for _number in range(count):
        ReadMark.objects.create(user=user, thread=ThreadFactory(), last_read_at=timezone.now())


def _write(user, count):
    thread = ThreadFactory()
    for number in range(count):
        services.reply(user, thread, f"Réponse {number}")


def _level(user):
    user.__dict__.pop("_forum_activity", None)  # a new request
    return permissions.trust_level(user)


def test_levels_follow_the_thresholds(thresholds):
    assert _level(_joined(hours=2)) == permissions.NEW
    person = _joined(days=60)
    assert _level(person) == permissions.NEW  # old enough, but has read nothing yet
    _read(person, 2)
    assert _level(person) == permissions.BASIC
    _write(person, 2)
    assert _level(person) == permissions.MEMBER
    _read(person, 1)
    _write(person, 1)
    assert _level(person) == permissions.REGULAR
    younger = _joined(days=20)
    _read(younger, 3)
    _write(younger, 3)
    assert _level(younger) == permissions.MEMBER  # not 50 days yet
    assert _level(UserFactory(roles=[roles.MODERATOR])) == permissions.REGULAR


def test_new_account_limits_apply_at_level_zero_only(thresholds):
    person = _joined(days=60)
    assert not permissions.may_post_links_and_files(person)
    _read(person, 2)
    person.__dict__.pop("_forum_activity", None)
    assert permissions.may_post_links_and_files(person)
    facilitator = UserFactory(roles=[roles.FACILITATOR])
    assert permissions.may_post_links_and_files(facilitator)
    assert permissions.new_account_limits(facilitator) is None


def test_the_default_settings_keep_the_new_account_hours(settings):
    settings.FORUM_NEW_ACCOUNT_HOURS = 24
    assert permissions.trust_level(_joined(hours=23)) == permissions.NEW
    assert permissions.trust_level(_joined(hours=25)) == permissions.BASIC


def test_the_writing_forms_explain_the_limits_to_new_accounts(client, settings):
    settings.FORUM_NEW_ACCOUNT_POSTS_PER_HOUR = 4
    category = CategoryFactory(slug="entraide")
    thread = ThreadFactory(category=category)
    newcomer = _joined(hours=1)
    until = timezone.localtime(newcomer.date_joined + timedelta(hours=24))
    client.force_login(newcomer)
    for url in (thread_url(thread), reverse("forum:new_thread", args=[category.slug])):
        html = client.get(url).content.decode()
        assert NOTICE in html, url
        assert "ni publier de liens ni joindre de fichiers" in html
        assert "au plus 4 messages par heure" in html
        assert f"{until.hour}\u00a0h" in html and str(until.year) in html
    for someone in (_joined(days=3), UserFactory(roles=[roles.MODERATOR])):
        client.force_login(someone)
        assert NOTICE not in client.get(thread_url(thread)).content.decode()
