"""/bilans/…: one module of routes per part (fixed paths before the territory's slug).

- ``urls_compare``: « Comparer les territoires » (/bilans/comparer/, its exports);
- ``urls_dashboard``: the national dashboard (/bilans/tableau-de-bord/, reminders);
- ``urls_workflow``: « Mes bilans » (/bilans/), one report (/bilans/<territoire>/<année>/), its
  form, sending, validation and corrections;
- ``urls_imports``: the filled collection template uploaded, checked and confirmed, and the
  downloads (the report, the template pre-filled with last year's values)."""

from reports import urls_compare, urls_dashboard, urls_imports, urls_workflow

app_name = "reports"

urlpatterns = [
    *urls_compare.urlpatterns,
    *urls_dashboard.urlpatterns,
    *urls_workflow.urlpatterns,
    *urls_imports.urlpatterns,
]
