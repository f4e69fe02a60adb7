"""In-app notifications, written in the same transaction as what caused them.

E-mails are sent from these rows by Celery tasks (``forum.tasks``: immediately or as a daily
digest, as each person chose on « Mon compte »); a broker outage only delays them.

Levels (``Subscription``), per thread and per category:
- watching: every new post of the thread (or every new thread and post of the category);
- normal: only what concerns the person (mentions, their accepted answer, moderation);
- muted: nothing from that thread or category, mentions included.
The level chosen for a thread wins over the one chosen for its category. Watching is automatic
for one's own threads and the threads one replied to or was mentioned in, unless one chose
another level for that thread. Moderation decisions always reach the person concerned.

Modules:
- ``core``: levels and the creation of notifications (``post_created``, ``answer_accepted``,
  ``moderation_decision``, ``_notify``…);
- ``addresses``: addresses of threads, posts and notifications, the unsubscription token;
- ``views``: the notification views (list, open, mark all read, unsubscribe, subscription
  level); their URLs are in ``forum.urls``.
Everything is importable from ``forum.notifications`` itself."""

from forum.notifications.addresses import (
    UNSUBSCRIBE_SALT,
    absolute,
    category_url,
    post_url,
    preferences_url,
    target_url,
    thread_url,
    unsubscribe_token,
    unsubscribe_url,
    url_or,
    user_from_unsubscribe_token,
)
from forum.notifications.core import (
    Level,
    _levels,
    _mention_candidates,
    _notify,
    answer_accepted,
    level_for,
    moderation_decision,
    post_created,
    set_level,
    unread_count,
    watch,
)
from forum.notifications.views import (
    NOTIFICATIONS_PER_PAGE,
    _subscription_target,
    mark_all_read,
    notification_list,
    open_notification,
    set_subscription,
    unsubscribe,
)

__all__ = [
    "NOTIFICATIONS_PER_PAGE",
    "UNSUBSCRIBE_SALT",
    "Level",
    "_levels",
    "_mention_candidates",
    "_notify",
    "_subscription_target",
    "absolute",
    "answer_accepted",
    "category_url",
    "level_for",
    "mark_all_read",
    "moderation_decision",
    "notification_list",
    "open_notification",
    "post_created",
    "post_url",
    "preferences_url",
    "set_level",
    "set_subscription",
    "target_url",
    "thread_url",
    "unread_count",
    "unsubscribe",
    "unsubscribe_token",
    "unsubscribe_url",
    "url_or",
    "user_from_unsubscribe_token",
    "watch",
]
