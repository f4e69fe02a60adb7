"""Helpers of the forum notifications' tests: the URLconf they run with, who received what."""

from django.core import mail
from django.urls import NoReverseMatch, include, path, reverse

from config import urls as site_urls
from forum import urls as forum_urls
from forum import urls_extra
from forum.models import Notification

# Until forum/urls.py includes forum.urls_extra, the tests run with this URLconf: the site's,
# with the forum's URLs and ours under /forum/.
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
urlpatterns = [
    path("forum/", include(([*urls_extra.urlpatterns, *forum_urls.urlpatterns], "forum"))),
    *[p for p in site_urls.urlpatterns if not str(p.pattern).startswith("forum/")],
]


def use_forum_urls(settings):
    try:
        reverse("forum:notifications")
        reverse("forum:thread", kwargs={"pk": 1, "slug": "x"})
    except NoReverseMatch:
        settings.ROOT_URLCONF = "forum.tests.notifications"


def kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def to(user):
    return [message for message in mail.outbox if message.to == [user.email]]
