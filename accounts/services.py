"""Membership rules as plain functions: the views call these, never the models directly."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import permissions, roles
from accounts.models import Membership, Territory, User
from mailer.services import send_templated


class MembershipError(Exception):
    """A request that breaks a rule; ``str(error)`` is the French message to show."""


def _absolute(path: str) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}{path}"


def deciders_for(territory: Territory) -> list[User]:
    """Who is told of a new request: the territory's référents, or else the facilitators."""
    referents = list(
        User.objects.filter(
            is_active=True,
            memberships__territory=territory,
            memberships__status=Membership.Status.ACCEPTED,
            memberships__role=Membership.Role.REFERENT,
        )
    )
    if referents:
        return referents
    return list(User.objects.filter(is_active=True, groups__name=roles.FACILITATOR).distinct())


@transaction.atomic
def request_membership(user: User, territory: Territory, message: str = "") -> Membership:
    reason = permissions.why_cannot_request_membership(user, territory)
    if reason:
        raise MembershipError(reason)
    membership = (
        Membership.objects.select_for_update().filter(user=user, territory=territory).first()
    )
    try:
        if membership:  # a refused request may be made again
            membership.status = Membership.Status.PENDING
            membership.role = Membership.Role.MEMBER
            membership.message = message
            membership.decided_by = None
            membership.decided_at = None
            membership.decision_comment = ""
            membership.created_at = timezone.now()
            membership.save()
        else:
            with transaction.atomic():
                membership = Membership.objects.create(
                    user=user, territory=territory, message=message
                )
    except IntegrityError as exc:  # two submissions at once
        raise MembershipError(
            permissions.why_cannot_request_membership(user, territory)
            or "Votre demande est déjà enregistrée."
        ) from exc
    recipients = [person.email for person in deciders_for(territory)]
    if recipients:
        send_templated(
            recipients,
            "accounts/email/membership_requested",
            {
                "membership": membership,
                "requester": user,
                "territory": territory,
                "review_url": _absolute(reverse("accounts:territory_team", args=[territory.slug])),
            },
        )
    return membership


@transaction.atomic
def decide_membership(
    actor: User, membership: Membership, accept: bool, comment: str = ""
) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("territory", "user")
        .get(pk=membership.pk)
    )
    reason = permissions.why_cannot_decide_membership(actor, membership)
    if reason:
        if not permissions.can_manage_territory_members(actor, membership.territory):
            raise PermissionDenied(reason)
        raise MembershipError(reason)
    membership.status = Membership.Status.ACCEPTED if accept else Membership.Status.REFUSED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.decision_comment = comment
    membership.save()
    send_templated(
        membership.user.email,
        "accounts/email/membership_accepted" if accept else "accounts/email/membership_refused",
        {
            "membership": membership,
            "territory": membership.territory,
            "comment": comment,
            "account_url": _absolute(reverse("accounts:dashboard")),
        },
    )
    return membership


@transaction.atomic
def change_role(actor: User, membership: Membership, role: str) -> Membership:
    if not permissions.can_manage_territory_members(actor, membership.territory):
        raise PermissionDenied
    if membership.status != Membership.Status.ACCEPTED:
        raise MembershipError("Seule une adhésion acceptée peut changer de rôle.")
    if role not in Membership.Role.values:
        raise MembershipError("Rôle inconnu.")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def leave_territory(user: User, membership: Membership) -> None:
    if membership.user_id != user.pk:
        raise PermissionDenied
    membership.delete()
