"""Helpers of the saved searches' tests: the moment the alerts are sent, the e-mails queued."""

from datetime import UTC, datetime, timedelta

from mailer.models import OutgoingEmail

# Tuesday 2026-11-24, 7:30 in Paris; the saved searches were created three days before.
TUESDAY = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
CREATED = TUESDAY - timedelta(days=3)


def emails():
    return list(OutgoingEmail.objects.order_by("pk"))
