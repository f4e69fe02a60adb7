"""The one place that answers "may this person do X to this territory or membership?".

Views, templates and the admin call these functions; each rule is tested as a matrix in
``accounts/tests/test_permissions.py``. Functions named ``why_cannot_*`` return the French
message to show when the answer is no, or ``None`` when the action is allowed.
"""

from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Membership, Territory, User
from website.french import of


def _has_role(user, role: str) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return role in user.role_names


def has_verified_email(user) -> bool:
    """Whether the person confirmed an e-mail address (needed to write in the forum, propose a
    document or a clause); one query, kept on the user object for the request."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if "_verified_email" not in user.__dict__:
        from allauth.account.models import EmailAddress

        user.__dict__["_verified_email"] = EmailAddress.objects.filter(
            user=user, verified=True
        ).exists()
    return user.__dict__["_verified_email"]


def is_dgcs_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser) or _has_role(
        user, roles.DGCS_ADMIN
    )


def is_facilitator(user) -> bool:
    return _has_role(user, roles.FACILITATOR)


def is_moderator(user) -> bool:
    return _has_role(user, roles.MODERATOR)


def is_commissioner(user) -> bool:
    return _has_role(user, roles.COMMISSIONER)


def _territory_ids(user, role: str | None = None) -> frozenset[int]:
    """Territories where the person's membership is accepted (optionally with ``role``)."""
    if not user or not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_territory_ids_cache", {})
    if role not in cache:
        qs = Membership.objects.filter(user=user, status=Membership.Status.ACCEPTED)
        if role:
            qs = qs.filter(role=role)
        cache[role] = frozenset(qs.values_list("territory_id", flat=True))
    return cache[role]


def member_territory_ids(user) -> frozenset[int]:
    return _territory_ids(user)


def referent_territory_ids(user) -> frozenset[int]:
    return _territory_ids(user, Membership.Role.REFERENT)


def is_member_of(user, territory: Territory) -> bool:
    return territory.pk in member_territory_ids(user)


def is_referent_of(user, territory: Territory) -> bool:
    return territory.pk in referent_territory_ids(user)


# --- Wagtail admin -------------------------------------------------------------------------------


def can_access_admin(user) -> bool:
    """Facilitators and DGCS administrators open /admin/; so do the territory teams (accepted
    members and référents), where Wagtail's page permissions show them only their territory's
    folder of practice sheets (see ``practices.permissions``)."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return is_dgcs_admin(user) or is_facilitator(user) or bool(member_territory_ids(user))


# --- Memberships ---------------------------------------------------------------------------------


def why_cannot_request_membership(user, territory: Territory) -> str | None:
    if not user or not user.is_authenticated:
        return _("Connectez-vous pour demander à rejoindre un territoire.")
    if not territory.is_active:
        return _("Ce territoire n’accepte plus de nouvelles demandes.")
    existing = Membership.objects.filter(user=user, territory=territory).only("status").first()
    if existing and existing.status == Membership.Status.ACCEPTED:
        return _("Vous faites déjà partie de l’équipe %(of_territory)s.") % {
            "of_territory": of(territory.name)
        }
    if existing and existing.status == Membership.Status.PENDING:
        return _("Votre demande pour %(territory)s est déjà en attente de réponse.") % {
            "territory": territory.name
        }
    return None


def can_request_membership(user, territory: Territory) -> bool:
    return why_cannot_request_membership(user, territory) is None


def can_manage_territory_members(user, territory: Territory) -> bool:
    """See the requests and the team of a territory, accept or refuse, change roles."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return is_dgcs_admin(user) or is_facilitator(user) or is_referent_of(user, territory)


def why_cannot_decide_membership(user, membership: Membership) -> str | None:
    if not can_manage_territory_members(user, membership.territory):
        return _(
            "Seuls les référents de %(territory)s et l’équipe d’animation peuvent répondre "
            "à cette demande."
        ) % {"territory": membership.territory.name}
    if membership.user_id == user.pk:
        return _("Vous ne pouvez pas répondre à votre propre demande.")
    if membership.status != Membership.Status.PENDING:
        return _("Cette demande a déjà reçu une réponse (%(status)s).") % {
            "status": membership.get_status_display().lower()
        }
    return None


def can_decide_membership(user, membership: Membership) -> bool:
    return why_cannot_decide_membership(user, membership) is None


def manageable_territories(user):
    """Territories whose requests this person may answer."""
    if is_dgcs_admin(user) or is_facilitator(user):
        return Territory.objects.all()
    return Territory.objects.filter(pk__in=referent_territory_ids(user))


# --- Territories and roles -----------------------------------------------------------------------


def can_manage_territories(user) -> bool:
    """Create, edit and deactivate territories and regions."""
    return is_dgcs_admin(user)


def can_assign_roles(user) -> bool:
    """Give or remove the site-wide roles (groups)."""
    return is_dgcs_admin(user)


def can_view_profile(viewer, person: User) -> bool:
    return bool(viewer and viewer.is_authenticated and viewer.is_active)


def is_referent_or_staff(user) -> bool:
    return bool(referent_territory_ids(user)) or is_facilitator(user) or is_dgcs_admin(user)


def global_role_labels(user) -> list[str]:
    if not user or not user.is_authenticated:
        return []
    return [str(label) for name, label in roles.GLOBAL_ROLES.items() if name in user.role_names]
