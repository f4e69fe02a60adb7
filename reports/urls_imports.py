"""URLs of the reports imports pages (included by reports/urls.py)."""

urlpatterns: list = []
