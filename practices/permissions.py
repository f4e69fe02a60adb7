"""Who may write, edit, see and validate practice sheets, and the territory team groups that carry
these rights into the Wagtail admin.

Each territory has a Django group « Équipe — <territoire> » (linked by ``TerritoryTeamGroup``)
holding ``wagtailadmin.access_admin``, ``add_page`` + ``change_page`` on the territory's folder
page (never ``publish_page``: publishing goes through the workflow) and add/change/choose
permissions on a Wagtail collection of its own for the documents and images of its sheets.
The accepted memberships decide who is in the group (members and référents alike):
``practices.signals`` keeps it in step, ``website.bootstrap`` repairs any drift.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse

from accounts.models import Membership, Territory, User
from accounts.permissions import is_dgcs_admin, is_facilitator, member_territory_ids

TEAM_GROUP_PREFIX = "Équipe — "
TEAM_MODEL_PERMISSIONS = [("wagtailadmin", "access_admin")]
TEAM_PAGE_PERMISSIONS = ["add_page", "change_page"]
TEAM_COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]
GROUP_NAME_MAX_LENGTH = 150  # django.contrib.auth.models.Group.name


def _perm(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def team_group_name(territory: Territory) -> str:
    """« Équipe — <nom> », made unique with the slug when two territories share a name."""
    name = f"{TEAM_GROUP_PREFIX}{territory.name}"[:GROUP_NAME_MAX_LENGTH]
    taken = (
        Group.objects.filter(name=name, territory_team__isnull=False)
        .exclude(territory_team__territory=territory)
        .exists()
    )
    if taken:
        suffix = f" ({territory.slug})"
        name = name[: GROUP_NAME_MAX_LENGTH - len(suffix)] + suffix
    return name


@transaction.atomic
def ensure_territory_team(territory: Territory):
    """Create (or complete) the team group of a territory, with its collection and permissions.
    Idempotent; the name follows the territory's name."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    from practices.models import TerritoryFolderPage, TerritoryTeamGroup

    team = (
        TerritoryTeamGroup.objects.select_related("group", "collection")
        .filter(territory=territory)
        .first()
    )
    name = team_group_name(territory)
    if team is None:
        # A group of that name left without its link (or made by hand) is taken over.
        group = Group.objects.filter(name=name, territory_team__isnull=True).first()
        if group is None:
            group = Group.objects.create(name=name)
        team = TerritoryTeamGroup.objects.create(territory=territory, group=group)
    elif team.group.name != name and not Group.objects.filter(name=name).exists():
        team.group.name = name
        team.group.save(update_fields=["name"])
    group = team.group

    if team.collection is None:
        team.collection = Collection.get_first_root_node().add_child(name=territory.name)
        team.save(update_fields=["collection"])
    elif team.collection.name != territory.name:
        team.collection.name = territory.name
        team.collection.save(update_fields=["name"])

    group.permissions.add(*[_perm(app, code) for app, code in TEAM_MODEL_PERMISSIONS])
    folder = TerritoryFolderPage.objects.filter(territory=territory).first()
    if folder is not None:
        for codename in TEAM_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=folder, permission=_perm("wagtailcore", codename)
            )
    for app, codename in TEAM_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=team.collection, permission=_perm(app, codename)
        )
    return team


def forget_cached_permissions(user) -> None:
    """Drop what Django, Wagtail and ``accounts.permissions`` cached on this user object."""
    for key in (
        "role_names",
        "_territory_ids_cache",
        "_perm_cache",
        "_user_perm_cache",
        "_group_perm_cache",
        "_page_permission_cache",
        "_explorable_root_page_cache",
        "_collection_permission_cache",
        "_site_permission_cache",
        "_group_approval_task_checks",
    ):
        user.__dict__.pop(key, None)


def sync_team_membership(user, territory: Territory) -> None:
    """Put the person in the team group of the territory if their membership is accepted, take
    them out otherwise."""
    from wagtail.users.models import UserProfile

    from practices.models import TerritoryTeamGroup

    if not User.objects.filter(pk=user.pk).exists():  # the person is being deleted
        return
    team = TerritoryTeamGroup.objects.filter(territory=territory).select_related("group").first()
    accepted = Membership.objects.filter(
        user=user, territory=territory, status=Membership.Status.ACCEPTED
    ).exists()
    if accepted:
        if team is None:
            team = ensure_territory_team(territory)
        user.groups.add(team.group)
        # Wagtail's admin and its user bar on the site read this profile: create it now rather
        # than on the person's next page view.
        UserProfile.get_for_user(user)
    elif team is not None:
        user.groups.remove(team.group)
    forget_cached_permissions(user)


def sync_team(territory: Territory) -> None:
    """Make the team group hold exactly the accepted members of the territory."""
    team = ensure_territory_team(territory)
    team.group.user_set.set(
        User.objects.filter(
            memberships__territory=territory, memberships__status=Membership.Status.ACCEPTED
        )
    )


# --- Sheets --------------------------------------------------------------------------------------


def _is_staff(user) -> bool:
    return is_dgcs_admin(user) or is_facilitator(user)


def _is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_team_member(user, sheet) -> bool:
    return (
        _is_active_user(user)
        and sheet.territory_id is not None
        and sheet.territory_id in member_territory_ids(user)
    )


def can_edit_sheet(user, sheet) -> bool:
    """The team of the sheet's territory (members and référents), facilitators, DGCS admins."""
    if not _is_active_user(user):
        return False
    return _is_staff(user) or is_team_member(user, sheet)


def is_public(sheet) -> bool:
    """Live and without a view restriction (password, logged-in users, groups)."""
    return bool(sheet.live) and not sheet.get_view_restrictions().exists()


def can_view_sheet(user, sheet) -> bool:
    """Live and public sheets: everyone. Drafts (and restricted pages): the sheet's territory
    team, facilitators and DGCS admins only."""
    if is_public(sheet):
        return True
    return can_edit_sheet(user, sheet)


def hidden_sheets(user):
    """The sheets this person may not see: ``can_view_sheet`` as a queryset, for the lists that
    cannot ask sheet by sheet (the admin page chooser). Drafts and restricted sheets, except
    those of the person's territories; none for facilitators and DGCS admins."""
    from django.db.models import Q

    from practices.models import PracticeSheetPage

    if _is_active_user(user) and _is_staff(user):
        return PracticeSheetPage.objects.none()
    sheets = PracticeSheetPage.objects.all()
    not_public = sheets.filter(Q(live=False) | Q(pk__in=sheets.not_public().values("pk")))
    if not _is_active_user(user):
        return not_public
    return not_public.exclude(territory_id__in=member_territory_ids(user))


def proposable_territories(user):
    """The territories in whose name this person may start a sheet: their accepted
    memberships (members and référents)."""
    if not _is_active_user(user):
        return Territory.objects.none()
    return Territory.objects.filter(pk__in=member_territory_ids(user)).order_by("name")


def propose_url(user) -> str | None:
    """Where « Proposer une fiche » leads: the guided form on the site, for people in a team;
    ``None`` for the others."""
    if not _is_active_user(user) or not member_territory_ids(user):
        return None
    return reverse("practices:propose")


def can_write_on_site(user, sheet) -> bool:
    """Who may open the guided form of an existing sheet: whoever may edit it."""
    return can_edit_sheet(user, sheet)


# --- Review --------------------------------------------------------------------------------------
#
# Who decides on a sheet waiting in its workflow is the rule of the step it waits at, the same
# as in Wagtail's admin: ``user_can_moderate`` for the référent's step
# (``TerritoryReferentApprovalTask``), the « approve » action Wagtail's ``GroupApprovalTask``
# offers to the members of its groups (and to superusers) for the facilitators' step.


def _task_allows(task, sheet, user) -> bool:
    rule = getattr(task, "user_can_moderate", None)
    if rule is not None:
        return rule(sheet, user)
    return any(name == "approve" for name, *_rest in task.get_actions(sheet, user))


def can_moderate_task_state(user, sheet, task_state) -> bool:
    """May ``user`` decide on ``sheet`` at the step of ``task_state``, whatever its status."""
    if not _is_active_user(user) or task_state is None:
        return False
    return _task_allows(task_state.task.specific, sheet, user)


def can_review_sheet(user, sheet) -> bool:
    """May ``user`` decide now on ``sheet``: it waits at a step of its workflow, and that step's
    rule lets them act (« Relire la fiche », the review desks)."""
    return can_moderate_task_state(user, sheet, sheet.current_workflow_task_state)


def can_review_sheet_at_some_step(user, sheet) -> bool:
    """Is ``user`` among the people who decide at one of the steps of the sheet's workflow (to
    tell them, when it waits for nobody, where it stands)."""
    if not _is_active_user(user):
        return False
    workflow = sheet.get_workflow()
    if workflow is None:
        return False
    tasks = workflow.tasks.filter(active=True)
    return any(_task_allows(task.specific, sheet, user) for task in tasks)


def task_states_to_review(user, task):
    """``can_review_sheet`` as a queryset: the steps of ``task`` in progress that ``user`` may
    decide on (the sheets and the territory folders in the workflow)."""
    from wagtail.models import TaskState

    return task.specific.get_task_states_user_can_moderate(user).filter(
        status=TaskState.STATUS_IN_PROGRESS
    )
