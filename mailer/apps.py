from django.apps import AppConfig


class MailerConfig(AppConfig):
    name = "mailer"
    verbose_name = "E-mails envoyés"

    def ready(self):
        from website import cache_rules

        cache_rules.register(ignored_models=("mailer.OutgoingEmail",))
