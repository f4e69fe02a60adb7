"""URLs of the reports dashboard pages (included by reports/urls.py)."""

urlpatterns: list = []
