"""/evenements/… plain Django views (the event pages themselves are Wagtail pages).
Included in config/urls.py before Wagtail's catch-all."""

from django.urls import path, re_path

from events import facilitator, feeds

app_name = "events"

urlpatterns = [
    path("calendrier.ics", feeds.public_feed, name="public_feed"),
    path("<int:event_id>/agenda.ics", feeds.event_ics, name="event_ics"),
    path("mon-calendrier/", feeds.my_calendar, name="my_calendar"),
    re_path(r"^mon-calendrier/(?P<token>[-\w]+)\.ics$", feeds.private_feed, name="private_feed"),
    path("questionnaire/<str:token>/", facilitator.survey, name="survey"),
    path(
        "animation/<int:event_id>/participants/",
        facilitator.participants,
        name="participants",
    ),
    path(
        "animation/<int:event_id>/participants.csv",
        facilitator.participants_csv,
        name="participants_csv",
    ),
    path("animation/<int:event_id>/message/", facilitator.message, name="message"),
]
