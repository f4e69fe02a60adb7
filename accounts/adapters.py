from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from mailer.services import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """Allauth e-mails go through the outbox and a Celery task, like every other e-mail."""

    def send_mail(self, template_prefix, email, context):
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        queue_message(message)
