from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject


def notifications(request):
    """The header's bell (templates/includes/notification_bell.html): the number of unread
    notifications and the page that lists them, and the link to the forum's unread and new
    threads. Lazy: evaluated only where the bell is shown (logged-in people), one COUNT query."""
    return {
        "forum_unread_notifications": SimpleLazyObject(
            lambda: _unread_count(getattr(request, "user", None))
        ),
        "forum_notifications_url": SimpleLazyObject(_notifications_url),
        "forum_unread_url": SimpleLazyObject(lambda: _url("forum:unread")),
    }


def bell(request) -> dict:
    """The same, computed now: for the user menu of cached pages (``USER_MENU_CONTEXT``, read by
    ``website.holes.user_menu``, which keys the menus it renders by these values)."""
    return {
        "forum_unread_notifications": _unread_count(request.user),
        "forum_notifications_url": _notifications_url(),
        "forum_unread_url": _url("forum:unread"),
    }


def _unread_count(user) -> int:
    from forum.notifications import unread_count

    return unread_count(user)


def _notifications_url() -> str:
    return _url("forum:notifications")


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # forum URLs not installed
        return ""
