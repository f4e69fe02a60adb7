"""Models of the writing and validation path of the practice sheets.

- ``TerritoryTeamGroup``: the Django group (and Wagtail collection) of a territory's team, which
  carries the team's page and collection permissions. Kept up to date by ``practices.signals``.
- ``TerritoryReferentApprovalTask``: the Wagtail workflow step where the référents of the sheet's
  territory approve it (facilitators and DGCS administrators may too, as a fallback).

Imported by the ``practices.models`` package so that Django and Wagtail find them."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, Page, Task, TaskState

__all__ = ["TerritoryReferentApprovalTask", "TerritoryTeamGroup"]


class TerritoryTeamGroup(models.Model):
    """The link between a territory and its team's group: memberships decide who is in it."""

    territory = models.OneToOneField(
        "accounts.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="team_group",
    )
    group = models.OneToOneField(
        Group,
        verbose_name=_("groupe"),
        on_delete=models.CASCADE,
        related_name="territory_team",
        help_text=_("Le groupe qui donne à l’équipe le droit d’écrire les fiches du territoire."),
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("collection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="territory_team",
        help_text=_("La collection où l’équipe dépose les documents et images de ses fiches."),
    )

    class Meta:
        verbose_name = _("groupe de l’équipe d’un territoire")
        verbose_name_plural = _("groupes des équipes des territoires")

    def __str__(self):
        return str(self.group)


def sheet_territory_id(obj) -> int | None:
    """The territory of a page under validation (a sheet or a territory folder)."""
    if obj is None:
        return None
    if isinstance(obj, Page) and not hasattr(obj, "territory_id"):
        obj = obj.specific
    return getattr(obj, "territory_id", None)


class TerritoryReferentApprovalTask(Task):
    """Approved by an accepted référent of the sheet's territory."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("validation par le référent du territoire")
        verbose_name_plural = _("validations par le référent du territoire")

    def user_can_moderate(self, obj, user) -> bool:
        from accounts.permissions import is_dgcs_admin, is_facilitator, referent_territory_ids

        if not user or not user.is_authenticated or not user.is_active:
            return False
        if is_dgcs_admin(user) or is_facilitator(user):
            return True
        territory_id = sheet_territory_id(obj)
        return territory_id is not None and territory_id in referent_territory_ids(user)

    def user_can_access_editor(self, obj, user):
        return self.user_can_moderate(obj, user)

    def locked_for_user(self, obj, user):
        # Like Wagtail's group approval task: during the review only the reviewers may edit.
        return not self.user_can_moderate(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_moderate(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.user_can_moderate(obj, user):
            return [
                ("reject", _("Demander des modifications"), True),
                ("approve", _("Valider"), False),
                ("approve", _("Valider avec un commentaire"), True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        from django.core.exceptions import PermissionDenied

        # The admin view checks get_actions; code calling this directly gets the same rule.
        if not self.user_can_moderate(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from django.contrib.contenttypes.models import ContentType
        from django.db.models import CharField
        from django.db.models.functions import Cast

        from accounts.permissions import is_dgcs_admin, is_facilitator, referent_territory_ids

        if not user or not user.is_authenticated or not user.is_active:
            return TaskState.objects.none()
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if is_dgcs_admin(user) or is_facilitator(user):
            return states
        territory_ids = referent_territory_ids(user)
        if not territory_ids:
            return TaskState.objects.none()
        from practices.models import PracticeSheetPage, TerritoryFolderPage

        page_ids = [
            model.objects.filter(territory_id__in=territory_ids)
            .annotate(pk_text=Cast("pk", output_field=CharField()))
            .values("pk_text")
            for model in (PracticeSheetPage, TerritoryFolderPage)
        ]
        return states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        ).filter(
            models.Q(workflow_state__object_id__in=page_ids[0])
            | models.Q(workflow_state__object_id__in=page_ids[1])
        )

    @classmethod
    def get_description(cls):
        return _(
            "Les référents du territoire de la fiche la valident ou demandent des modifications "
            "(l’équipe d’animation et les administrateurs DGCS peuvent aussi le faire)."
        )
