"""The site-wide roles. A role is a Django group: administrators give or remove it to a person in
the Wagtail admin (Utilisateurs → Groupes); these names are the stable keys the code checks.

Roles tied to one territory (member, référent) are carried by memberships, not by groups."""

from django.utils.translation import gettext_lazy as _

FACILITATOR = "Animateurs"
MODERATOR = "Modérateurs"
COMMISSIONER = "Commissaires"
DGCS_ADMIN = "Administrateurs DGCS"

GLOBAL_ROLES = {
    FACILITATOR: _("Animateur·rice de la communauté"),
    MODERATOR: _("Modérateur·rice du forum"),
    COMMISSIONER: _("Commissaire à la lutte contre la pauvreté"),
    DGCS_ADMIN: _("Administrateur·rice DGCS"),
}

# Groups whose members may open the Wagtail admin.
ADMIN_ROLES = (FACILITATOR, DGCS_ADMIN)
