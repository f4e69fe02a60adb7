from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Bilans des indicateurs"

    def ready(self):
        from accounts import dashboard_sections
        from practices import result_links
        from reports import bootstrap, links, permissions  # noqa: F401
        from reports.dashboard import wagtail_hooks_dashboard  # noqa: F401
        from reports.dashboard_sections import reports_section
        from website import cache_rules, setup_steps

        dashboard_sections.register("reports", reports_section, order=25)
        setup_steps.register("bootstrap", "reports", bootstrap.ensure, order=30)
        setup_steps.register("demo", "reports", _load_demo, order=40)
        # Reports show drafts to their team: /bilans/ is never cached whole. Their history,
        # reminders and pending imports show on no other page.
        cache_rules.register(
            private_prefixes=("/bilans/",),
            ignored_models=(
                "reports.ReportEvent",
                "reports.ReportReminder",
                "reports.ReportImport",
            ),
        )
        result_links.register(links.sheet_result_links)


def _load_demo() -> str:
    from reports import demo

    return f"{demo.load()['created']} bilans d’indicateurs"
