from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        from forum.home import active_threads_section
        from website import home_sections

        home_sections.register("forum", active_threads_section, order=20)
