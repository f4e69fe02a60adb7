import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task
def purge_inactive_accounts() -> int:
    """Anonymise the accounts nobody has used for ACCOUNTS_INACTIVE_DAYS (RGPD: data is not kept
    longer than needed). Idempotent: an erased account is never selected again."""
    from accounts import personal_data

    days = settings.ACCOUNTS_INACTIVE_DAYS
    if not days:
        return 0
    count = 0
    for user in personal_data.inactive_accounts(days).iterator():
        personal_data.erase(user)
        count += 1
    if count:
        logger.info("Erased %s inactive accounts (more than %s days)", count, days)
    return count
