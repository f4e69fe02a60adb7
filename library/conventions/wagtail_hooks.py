"""The clause library in the Wagtail admin (menu « Clausier »): clauses, their versions (read
only, created at every change of text) and the model conventions with their sections.

Who may do what is decided by the roles (accounts.roles), not by model permissions given in
``website.bootstrap``: DGCS administrators publish, change and delete; facilitators publish and
change; nobody edits a version by hand."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts import permissions as account_permissions
from accounts import roles
from library.conventions import permissions
from library.conventions.clauses import after_admin_save
from library.conventions.models import Clause, ClauseVersion, ConventionModel


class RolePermissionPolicy(ModelPermissionPolicy):
    """DGCS administrators: every action; facilitators: all but delete. Others: their Django
    model permissions, if any were given by hand."""

    read_only = False

    def _allowed(self, user, action) -> bool:
        if not user or not user.is_authenticated or not user.is_active:
            return False
        if self.read_only and action not in ("view",):
            return False
        if account_permissions.is_dgcs_admin(user):
            return True
        if account_permissions.is_facilitator(user):
            return action != "delete"
        return False

    def user_has_permission(self, user, action):
        return self._allowed(user, action) or (
            not self.read_only and super().user_has_permission(user, action)
        )

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        groups = [roles.DGCS_ADMIN]
        if any(action != "delete" for action in actions):
            groups.append(roles.FACILITATOR)
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name__in=groups), is_active=True)
            .distinct()
        )


class ReadOnlyPolicy(RolePermissionPolicy):
    read_only = True


register_permission_policy(Clause, RolePermissionPolicy(Clause))
register_permission_policy(ConventionModel, RolePermissionPolicy(ConventionModel))
register_permission_policy(ClauseVersion, ReadOnlyPolicy(ClauseVersion))


class ClauseViewSet(SnippetViewSet):
    model = Clause
    icon = "doc-full"
    menu_label = _("Clauses")
    list_display = ["title", "section", "status", "territory", "updated_at"]
    list_filter = ["section", "status", "is_demo"]
    search_fields = ["title", "text", "note"]
    ordering = ["section", "title"]
    inspect_view_enabled = True
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("section"), FieldPanel("status")]),
        FieldPanel("text"),
        FieldPanel("note"),
        FieldPanel("is_demo"),
        MultiFieldPanel(
            [
                FieldPanel("territory"),
                FieldPanel("proposed_by", read_only=True),
                FieldPanel("alternative_to"),
                FieldPanel("decision_comment"),
            ],
            heading=_("Proposition d’un territoire"),
        ),
        FieldPanel("thread", read_only=True),
    ]


class ClauseVersionViewSet(SnippetViewSet):
    model = ClauseVersion
    icon = "history"
    menu_label = _("Versions des clauses")
    list_display = ["clause", "number", "created_by", "created_at"]
    list_filter = ["clause__section"]
    search_fields = ["text", "clause__title"]
    ordering = ["clause__title", "-number"]
    inspect_view_enabled = True
    inspect_view_fields = ["clause", "number", "text", "created_by", "created_at"]
    panels = [
        FieldPanel("clause", read_only=True),
        FieldPanel("number", read_only=True),
        FieldPanel("text", read_only=True),
    ]


class ConventionModelViewSet(SnippetViewSet):
    model = ConventionModel
    icon = "form"
    menu_label = _("Modèles de convention")
    list_display = ["title", "is_published", "is_demo", "created_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "description"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("is_published"), FieldPanel("is_demo")]),
        InlinePanel(
            "sections",
            heading=_("Sections (dans l’ordre des articles)"),
            label=_("Section"),
            panels=[
                FieldRowPanel([FieldPanel("section"), FieldPanel("position")]),
                FieldPanel("default_clause"),
                FieldPanel("alternatives"),
            ],
        ),
    ]


class LibraryGroup(SnippetViewSetGroup):
    items = (ClauseViewSet, ClauseVersionViewSet, ConventionModelViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Clausier")
    menu_name = "clausier"
    menu_order = 330


register_snippet(LibraryGroup)


@hooks.register("before_edit_snippet")
def remember_clause_status(request, instance):
    """The status before the edit: a pending proposal decided here is announced."""
    if isinstance(instance, Clause):
        request._clause_status_before = instance.status


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def record_clause_version(request, instance):
    if isinstance(instance, Clause):
        after_admin_save(instance, request.user, getattr(request, "_clause_status_before", None))


class ProposalsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_review_proposals(request.user)

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import LinkMenuItem

        count = Clause.objects.filter(status=Clause.Status.PENDING).count()
        label = f"{self.label} ({count})" if count else str(self.label)
        return LinkMenuItem(
            self.name,
            label,
            reverse("conventions:proposals"),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


@hooks.register("register_admin_menu_item")
def proposals_menu_item():
    return ProposalsMenuItem(
        _("Propositions de clauses"),
        "/bibliotheque/clauses/propositions/",
        name="propositions-clauses",
        icon_name="tick-inverse",
        order=335,
    )
