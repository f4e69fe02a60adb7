from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from forum import caching, thread_holes  # noqa: F401 - thread_holes: the page's holes
        from forum.home import active_threads_section
        from website import home_sections

        caching.register()

        from forum import moderation_notice

        moderation_notice.register()
        home_sections.register("forum", active_threads_section, order=20, scopes=("forum",))

        from accounts import dashboard_sections
        from forum.dashboard import discussions_section
        from website import setup_steps

        dashboard_sections.register("forum", discussions_section, order=45)

        setup_steps.register("demo", "forum", _load_demo, order=40)


def _load_demo() -> str:
    from forum import demo

    return f"{demo.load()['threads']} nouvelles discussions dans le forum"
