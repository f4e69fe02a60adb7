from django.urls import include, path

from forum import views

app_name = "forum"

# Fixed paths first: a category slug can never be « apercu », « mentions », « discussion »,
# « message », « piece-jointe », « notifications », « suivi » or « moderation ».
urlpatterns = [
    path("", views.index, name="index"),
    path("apercu/", views.preview, name="preview"),
    path("mentions/", views.mentions, name="mentions"),
    path("discussion/<int:pk>/", views.thread_redirect, name="thread_short"),
    path("discussion/<int:pk>-<slug:slug>/", views.thread_detail, name="thread"),
    path("message/<int:pk>/", views.post_redirect, name="post"),
    path("message/<int:pk>/modifier/", views.edit_post, name="edit_post"),
    path("message/<int:pk>/supprimer/", views.delete_post, name="delete_post"),
    path("message/<int:pk>/reagir/", views.react, name="react"),
    path("message/<int:pk>/accepter/", views.accept, name="accept"),
    path("message/<int:pk>/signaler/", views.flag, name="flag"),
    path("piece-jointe/<int:pk>/", views.attachment, name="attachment"),
    # Notifications, subscription levels, moderation (forum.notifications, forum.moderation).
    path("", include("forum.urls_extra")),
    path("<slug:slug>/nouvelle/", views.new_thread, name="new_thread"),
    path("<slug:slug>/", views.category_detail, name="category"),
]
