"""E-mails of forum notifications (Celery)."""

from celery import shared_task
from django.db import transaction


def schedule_emails(user_ids: list[int]) -> None:
    """After commit, ask the worker to e-mail these people's immediate notifications."""
    ids = sorted(set(user_ids))

    def _enqueue():
        import logging

        try:
            send_immediate_notifications.delay(ids)
        except Exception:  # broker down: the periodic task will send them
            logging.getLogger(__name__).warning("Broker unreachable, notifications left pending")

    transaction.on_commit(_enqueue)


@shared_task(acks_late=True)
def send_immediate_notifications(user_ids: list[int]) -> int:
    """Placeholder contract: implemented in the notifications work (e-mail per notification for
    people who chose « immediate », daily digest for the others)."""
    return 0
