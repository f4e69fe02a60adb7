"""The one place that answers "may this person see / download / propose this library document?".

Access levels of a document's FILE (``LibraryDocumentPage.access``):

- ``public``: everyone, anonymous visitors included;
- ``members``: an active, logged-in person with a verified e-mail address who is an accepted
  member of a territory (member or référent) or has a site-wide role (animateur·rice,
  modérateur·rice, commissaire, administrateur·rice DGCS, superuser);
- ``referents``: an active, logged-in person with a verified e-mail address who is an accepted
  référent of a territory, or an animateur·rice, or an administrateur·rice DGCS (or superuser).

Staff (animateurs, administrateurs DGCS) may do everything. Unpublished documents (proposals
under validation) are never listed; their files are open only to staff and to the accepted
members of the proposing territory.

Lists, search and the site map show only the documents whose file the person may download
(``visible_documents``); the page of a restricted document stays reachable and says who may
download its file.

A file is served only when the document's page may be seen too (``can_fetch_file``: Wagtail's
view restrictions of the page and its ancestors, publication); any refusal answers exactly like
a missing file (see ``website.page_access``)."""

from django.utils.translation import gettext as _

from accounts import permissions as account_permissions
from accounts import roles
from accounts.permissions import has_verified_email


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_staff(user) -> bool:
    return _active(user) and (
        account_permissions.is_facilitator(user) or account_permissions.is_dgcs_admin(user)
    )


def has_global_role(user) -> bool:
    return _active(user) and (
        user.is_superuser or any(name in user.role_names for name in roles.GLOBAL_ROLES)
    )


def is_community_member(user) -> bool:
    """Who may read « members » files."""
    if not has_verified_email(user):
        return False
    return has_global_role(user) or bool(account_permissions.member_territory_ids(user))


def is_referent_reader(user) -> bool:
    """Who may read « référents » files."""
    if not has_verified_email(user):
        return False
    return is_staff(user) or bool(account_permissions.referent_territory_ids(user))


def allowed_access_levels(user) -> list[str]:
    from library.models import LibraryDocumentPage

    access = LibraryDocumentPage.Access
    levels = [access.PUBLIC]
    if is_community_member(user) or is_referent_reader(user):
        levels.append(access.MEMBERS)
    if is_referent_reader(user):
        levels.append(access.REFERENTS)
    return [str(level) for level in levels]


def visible_documents(user):
    """Live documents this person may see in lists and search (their file included)."""
    from library.models import LibraryDocumentPage

    return (
        LibraryDocumentPage.objects.live().public().filter(access__in=allowed_access_levels(user))
    )


def can_access_level(user, access: str) -> bool:
    return access in allowed_access_levels(user)


def is_proposer_team(user, document) -> bool:
    return bool(
        _active(user)
        and document.territory_id
        and document.territory_id in account_permissions.member_territory_ids(user)
    )


def can_view_draft(user, document) -> bool:
    """An unpublished document (a proposal): staff and the proposing territory's team."""
    return is_staff(user) or is_proposer_team(user, document)


def hidden_documents(user):
    """The document pages this person may not see in the admin page chooser: ``can_view_draft``
    as a queryset. Unpublished (and restricted) documents, except the proposals of the person's
    territories; none for staff. Live documents stay listed: their page is public, only
    their file may be restricted (``access``)."""
    from django.db.models import Q

    from library.models import LibraryDocumentPage

    if is_staff(user):
        return LibraryDocumentPage.objects.none()
    documents = LibraryDocumentPage.objects.all()
    not_public = documents.filter(Q(live=False) | Q(pk__in=documents.not_public().values("pk")))
    if not _active(user):
        return not_public
    return not_public.exclude(territory_id__in=account_permissions.member_territory_ids(user))


def can_download(user, document, version=None) -> bool:
    """May this person download the files of ``document`` (``version``: a pending version is
    only for staff and the proposing team)?"""
    if version is not None and version.is_pending and not can_view_draft(user, document):
        return False
    if not document.live:
        return can_view_draft(user, document)
    return can_access_level(user, document.access)


def can_fetch_file(request, document, version=None) -> bool:
    """The rule of /bibliotheque/fichiers/…: the document's page is one this request may see
    (Wagtail's privacy of the page and its ancestors, or a proposal for its team and staff:
    ``website.page_access.may_see_page``) and the file's access level lets the person in."""
    from website import page_access

    return page_access.may_see_page(request, document) and can_download(
        request.user, document, version
    )


def access_refusal(user, document) -> str:
    """The French sentence that says who may download a restricted file."""
    if document.access == document.Access.REFERENTS:
        return _(
            "Le fichier de ce document est réservé aux référents des territoires et à l’équipe "
            "d’animation."
        )
    return _(
        "Le fichier de ce document est réservé aux membres de la communauté : personnes "
        "membres de l’équipe d’un territoire ou ayant un rôle sur le site, avec une adresse "
        "e-mail vérifiée."
    )


def proposal_territories(user):
    """Territories on whose behalf this person may propose a document."""
    from accounts.models import Territory

    if not has_verified_email(user):
        return Territory.objects.none()
    return Territory.objects.filter(
        pk__in=account_permissions.member_territory_ids(user), is_active=True
    ).order_by("name")


def why_cannot_propose(user) -> str | None:
    if not _active(user):
        return _("Connectez-vous pour proposer un document.")
    if not has_verified_email(user):
        return _("Vérifiez votre adresse e-mail pour proposer un document.")
    if not proposal_territories(user).exists():
        return _(
            "Pour proposer un document, rejoignez d’abord l’équipe de votre territoire "
            "(« Mon compte » → « Rejoindre un territoire »)."
        )
    return None


def can_propose(user) -> bool:
    return why_cannot_propose(user) is None


def can_add_version(user, document) -> bool:
    """Staff add versions directly; the proposing territory's team propose versions that the
    facilitators validate."""
    if is_staff(user):
        return True
    return (
        has_verified_email(user)
        and document.origin == document.Origin.TERRITORY
        and is_proposer_team(user, document)
    )


def version_needs_validation(user, document) -> bool:
    return not is_staff(user)


def can_manage_versions(user) -> bool:
    """The admin's versions view (validate, refuse, upload)."""
    return is_staff(user)
