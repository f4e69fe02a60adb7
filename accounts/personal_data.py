"""Personal data (RGPD): what we hold about a person, the export they can download, and the
erasure of their account.

Export — everything the database links to the person, found by introspection so that a new app's
models are included without anyone remembering to add them: the account's own fields, then every
row of every model that points to the account (foreign keys and many-to-many), with its plain
fields. Secrets (password hashes, confirmation keys, calendar tokens) are left out.

Erasure — the account is anonymised rather than deleted, so that the discussions it took part in
keep their meaning: the name, e-mail, organisation and job are wiped, the account can no longer log
in, and what only made sense for the person (memberships, subscriptions, notifications, read marks,
e-mail addresses, calendar token, future registrations, private drafts…) is deleted. Posts and
published sheets stay, signed « Compte supprimé ». Apps add their own erasure steps with
:func:`register_eraser`.
"""

from __future__ import annotations

import datetime
import decimal
import logging
import uuid
from collections.abc import Callable

from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

SECRET_FIELD_NAMES = {"password", "key", "token", "secret", "session_key", "session_data"}
# Models whose rows are deleted when an account is erased (label "app.Model"). Anything not
# listed and not handled by an eraser keeps pointing to the anonymised account.
ERASED_MODELS = {
    "accounts.Membership",
    "account.EmailAddress",
    "forum.Subscription",
    "forum.ReadMark",
    "forum.Notification",
    "forum.Reaction",
    "events.CalendarToken",
}
_erasers: list[Callable] = []


def register_eraser(func: Callable) -> Callable:
    """Register ``func(user)``, run inside the erasure transaction before the account is wiped."""
    if func not in _erasers:
        _erasers.append(func)
    return func


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return None
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return value


def _row(instance: models.Model) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELD_NAMES or field.name.endswith("_token"):
            continue
        if field.is_relation:
            related_id = getattr(instance, field.attname)
            data[field.name] = str(related_id) if related_id is not None else None
            continue
        value = _plain(field.value_from_object(instance))
        if isinstance(value, str) and len(value) > 20000:
            value = value[:20000] + "…"
        data[field.name] = value
    return data


def export(user) -> dict:
    """A JSON-ready dictionary of everything held about ``user``."""
    account = _row(user)
    account["groupes"] = sorted(user.groups.values_list("name", flat=True))
    account["regions_suivies"] = sorted(user.regions.values_list("name", flat=True))
    data = {
        "export": {
            "site": "Communauté zéro non-recours",
            "date": timezone.now().isoformat(),
            "description": (
                "Toutes les données que la plateforme associe à votre compte. Les contenus que "
                "vous avez publiés (messages, fiches) y figurent aussi."
            ),
        },
        "compte": account,
        "donnees_liees": {},
    }
    related = data["donnees_liees"]
    for relation in user._meta.related_objects:
        model = relation.related_model
        label = model._meta.label
        if label in {"sessions.Session", "admin.LogEntry"}:
            continue
        if relation.many_to_many:
            accessor = relation.get_accessor_name()
            if accessor is None:
                continue
            queryset = model._default_manager.filter(**{relation.field.name: user})
        elif relation.one_to_many or relation.one_to_one:
            queryset = model._default_manager.filter(**{relation.field.name: user})
        else:
            continue
        rows = [_row(obj) for obj in queryset.order_by("pk")[:10000]]
        if rows:
            key = f"{label} ({relation.field.name})"
            related[key] = rows
    return data


@transaction.atomic
def erase(user) -> None:
    """Anonymise ``user`` and delete what only made sense for them. Idempotent."""
    from accounts.models import User

    user = User.objects.select_for_update().get(pk=user.pk)
    for eraser in list(_erasers):
        eraser(user)
    for relation in user._meta.related_objects:
        model = relation.related_model
        if model._meta.label in ERASED_MODELS:
            model._default_manager.filter(**{relation.field.name: user}).delete()
    for relation in user._meta.related_objects:
        if relation.many_to_many:
            getattr(user, relation.get_accessor_name()).clear()
    user.groups.clear()
    user.user_permissions.clear()
    user.regions.clear()
    user.email = f"compte-supprime-{user.pk}@compte-supprime.invalid"
    user.first_name = ""
    user.last_name = ""
    user.organisation = ""
    user.job_title = ""
    user.handle = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.notification_frequency = User.NotificationFrequency.NEVER
    user.email_event_reminders = False
    user.email_community_news = False
    user.deleted_at = user.deleted_at or timezone.now()
    user.set_unusable_password()
    user.save()
    _delete_sessions(user)
    logger.info("Account %s erased", user.pk)


def _delete_sessions(user) -> None:
    """Log the person out everywhere (database sessions)."""
    user_id = str(user.pk)
    stale = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            stale.append(session.pk)
    Session.objects.filter(pk__in=stale).delete()


def inactive_accounts(days: int):
    """Accounts nobody has used for ``days`` days (never logged in counts from sign-up)."""
    from accounts.models import User

    limit = timezone.now() - datetime.timedelta(days=days)
    return User.objects.filter(deleted_at__isnull=True, is_superuser=False).filter(
        models.Q(last_login__lt=limit) | models.Q(last_login__isnull=True, date_joined__lt=limit)
    )
