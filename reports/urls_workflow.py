"""URLs of the reports workflow pages (included by reports/urls.py)."""

urlpatterns: list = []
