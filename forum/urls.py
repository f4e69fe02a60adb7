from django.urls import path

from forum import notifications, views
from forum.views import moderation, unread

app_name = "forum"

# Fixed paths first: a category slug can never be « apercu », « mentions »,
# « discussions-similaires », « discussion », « message », « piece-jointe », « notifications »,
# « suivi », « moderation » or « nouveautes ».
urlpatterns = [
    path("", views.index, name="index"),
    path("apercu/", views.preview, name="preview"),
    path("mentions/", views.mentions, name="mentions"),
    path("discussions-similaires/", views.similar_threads, name="similar_threads"),
    path("piece-jointe/verifier/", views.check_attachment, name="check_attachment"),
    path("discussion/<int:pk>/", views.thread_redirect, name="thread_short"),
    path("discussion/<int:pk>-<slug:slug>/", views.thread_detail, name="thread"),
    path("message/<int:pk>/", views.post_redirect, name="post"),
    path("message/<int:pk>/citation/", views.quote, name="quote"),
    path("message/<int:pk>/modifier/", views.edit_post, name="edit_post"),
    path("message/<int:pk>/supprimer/", views.delete_post, name="delete_post"),
    path("message/<int:pk>/reagir/", views.react, name="react"),
    path("message/<int:pk>/accepter/", views.accept, name="accept"),
    path("message/<int:pk>/signaler/", views.flag, name="flag"),
    path("piece-jointe/<int:pk>/", views.attachment, name="attachment"),
    # Notifications and subscription levels (forum/notifications.py), moderation
    # (forum/views/moderation.py).
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/tout-lu/", notifications.mark_all_read, name="notifications_read_all"),
    path("notifications/<int:pk>/", notifications.open_notification, name="notification_open"),
    path(
        "notifications/desabonnement/<str:token>/",
        notifications.unsubscribe,
        name="unsubscribe",
    ),
    path("suivi/", notifications.set_subscription, name="subscription"),
    # Unread and new threads of every category (forum/views/unread.py).
    path("nouveautes/", unread.unread, name="unread"),
    path("nouveautes/discussions/", unread.new, name="new_threads"),
    path("nouveautes/tout-lu/", unread.mark_all_read, name="unread_read_all"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/journal/", moderation.moderation_log, name="moderation_log"),
    path("moderation/message/<int:pk>/", moderation.moderate_post, name="moderate_post"),
    path("moderation/discussion/<int:pk>/", moderation.moderate_thread, name="moderate_thread"),
    path("<slug:slug>/nouvelle/", views.new_thread, name="new_thread"),
    path("<slug:slug>/", views.category_detail, name="category"),
]
