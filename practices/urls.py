"""Plain views of the practice sheets under /fiches/ (the sheets and their index are Wagtail
pages): writing a sheet on the site, reviewing it."""

from django.urls import path

from practices import review_views
from practices.writing import views as writing
from practices.writing import views_send as sending

app_name = "practices"

urlpatterns = [
    path("proposer/", writing.propose, name="propose"),
    path("proposer/depuis/<int:pk>/", sending.inspire, name="inspire"),
    path("redaction/<int:pk>/", writing.write, name="write"),
    path("redaction/<int:pk>/relire-et-envoyer/", sending.send, name="write_send"),
    path("redaction/<int:pk>/envoyer/", sending.submit, name="write_submit"),
    path("redaction/<int:pk>/apercu/", sending.preview, name="write_preview"),
    path("redaction/<int:pk>/supprimer/", sending.discard, name="write_discard"),
    path("redaction/<int:pk>/<slug:step>/", writing.write_step, name="write_step"),
    path("relecture/<int:pk>/", review_views.review_sheet, name="review"),
]
