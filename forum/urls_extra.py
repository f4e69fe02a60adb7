"""Notifications, subscription levels and moderation. No ``app_name``: included by
``forum.urls`` (namespace « forum ») with ``path("", include("forum.urls_extra"))``, placed
before the ``<slug>/`` pattern of the categories so that these fixed paths win."""

from django.urls import path

from forum import notifications
from forum.views import moderation

urlpatterns = [
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/tout-lu/", notifications.mark_all_read, name="notifications_read_all"),
    path("notifications/<int:pk>/", notifications.open_notification, name="notification_open"),
    path(
        "notifications/desabonnement/<str:token>/",
        notifications.unsubscribe,
        name="unsubscribe",
    ),
    path("suivi/", notifications.set_subscription, name="subscription"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/journal/", moderation.moderation_log, name="moderation_log"),
    path("moderation/message/<int:pk>/", moderation.moderate_post, name="moderate_post"),
    path("moderation/discussion/<int:pk>/", moderation.moderate_thread, name="moderate_thread"),
]
