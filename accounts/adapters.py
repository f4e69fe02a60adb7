from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mailer.services import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """Allauth e-mails go through the outbox and a Celery task, like every other e-mail."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The lock is per account (settings.ACCOUNT_RATE_LIMITS, 5 failures in 5 minutes):
        # say how long it lasts and the other way in.
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion avec cette adresse e-mail : réessayez dans "
            "5 minutes, ou choisissez un nouveau mot de passe avec « Mot de passe oublié ? »."
        ),
    }

    def send_mail(self, template_prefix, email, context):
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        queue_message(message)
