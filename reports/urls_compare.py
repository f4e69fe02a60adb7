"""URLs of the reports compare pages (included by reports/urls.py)."""

urlpatterns: list = []
