"""The one place that answers "may this person do X with a clause, a model or a draft?".

Used by the views, the templates (through the view context), the « Mon compte » section and the
Wagtail admin; tested as a matrix in ``tests/test_permissions.py``. ``why_cannot_*`` functions
return the French message to show, or ``None`` when the action is allowed."""

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import permissions as account_permissions
from accounts import roles
from accounts.permissions import has_verified_email
from library.conventions.models import Clause, ConventionDraft


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_global_role(user) -> bool:
    return _active(user) and (
        account_permissions.is_dgcs_admin(user)
        or bool(set(roles.GLOBAL_ROLES) & set(user.role_names))
    )


def is_library_staff(user) -> bool:
    """Facilitators and DGCS administrators: they publish and validate."""
    return _active(user) and (
        account_permissions.is_facilitator(user) or account_permissions.is_dgcs_admin(user)
    )


# --- The builder ---------------------------------------------------------------------------------


def why_cannot_use_builder(user) -> str | None:
    if not _active(user):
        return _("Connectez-vous pour construire une convention.")
    if not has_verified_email(user):
        return _("Confirmez votre adresse e-mail pour construire une convention.")
    if not (account_permissions.member_territory_ids(user) or has_global_role(user)):
        return _(
            "Le constructeur de conventions est réservé aux membres des équipes des territoires "
            "et aux équipes de l’État. Rejoignez l’équipe de votre territoire depuis « Mon "
            "compte »."
        )
    return None


def can_use_builder(user) -> bool:
    return why_cannot_use_builder(user) is None


def can_view_draft(user, draft: ConventionDraft) -> bool:
    """The owner, and the accepted members of the territory the draft is shared with."""
    if not can_use_builder(user):
        return False
    if draft.owner_id == user.pk:
        return True
    return bool(
        draft.shared_territory_id
        and draft.shared_territory_id in account_permissions.member_territory_ids(user)
    )


def can_edit_draft(user, draft: ConventionDraft) -> bool:
    return can_view_draft(user, draft)


def can_delete_draft(user, draft: ConventionDraft) -> bool:
    return can_use_builder(user) and draft.owner_id == user.pk


def can_share_draft(user, draft: ConventionDraft) -> bool:
    return can_delete_draft(user, draft)


def visible_drafts(user):
    """Drafts this person owns or that are shared with one of their territories."""
    if not can_use_builder(user):
        return ConventionDraft.objects.none()
    territories = account_permissions.member_territory_ids(user)
    return ConventionDraft.objects.filter(Q(owner=user) | Q(shared_territory_id__in=territories))


def drafts_of(user):
    """Drafts owned by this person or shared with a team they belong to (for « Mon compte »;
    the pages of the drafts still check ``can_view_draft``). The team ids are the cached ones
    of accounts.permissions, which the page header needs anyway."""
    if not _active(user):
        return ConventionDraft.objects.none()
    return ConventionDraft.objects.filter(
        Q(owner=user) | Q(shared_territory_id__in=account_permissions.member_territory_ids(user))
    )


def shareable_territories(user):
    from accounts.models import Territory

    return Territory.objects.filter(pk__in=account_permissions.member_territory_ids(user))


# --- Clauses and proposals -----------------------------------------------------------------------


def can_view_clause(user, clause: Clause) -> bool:
    if clause.status in Clause.PUBLIC_STATUSES:
        return True
    if not _active(user):
        return False
    return clause.proposed_by_id == user.pk or can_review_proposals(user)


def why_cannot_propose(user) -> str | None:
    if not _active(user):
        return _("Connectez-vous pour proposer une clause.")
    if not has_verified_email(user):
        return _("Confirmez votre adresse e-mail pour proposer une clause.")
    if not account_permissions.member_territory_ids(user):
        return _(
            "Les propositions de clauses viennent des équipes des territoires : rejoignez "
            "l’équipe de votre territoire depuis « Mon compte »."
        )
    return None


def can_propose(user) -> bool:
    return why_cannot_propose(user) is None


def can_review_proposals(user) -> bool:
    return is_library_staff(user)


def can_start_discussion(user) -> bool:
    return has_verified_email(user)
