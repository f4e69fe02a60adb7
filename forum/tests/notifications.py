"""Helpers of the forum notifications' tests: who received what."""

from django.core import mail

from forum.models import Notification


def kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def to(user):
    return [message for message in mail.outbox if message.to == [user.email]]
