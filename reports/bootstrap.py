"""What the reports add to the site's set-up (``website.setup_steps``, « bootstrap »): the
facilitators and the DGCS administrators edit the yearly campaigns and read the reports in the
Wagtail admin (never change them there: the workflow is on the site)."""

from django.contrib.auth.models import Group, Permission

from accounts import roles

PERMISSIONS = [
    *[f"{action}_reportingcampaign" for action in ("add", "change", "delete", "view")],
    "view_report",
]


def ensure(home=None) -> None:
    permissions = list(
        Permission.objects.filter(content_type__app_label="reports", codename__in=PERMISSIONS)
    )
    for name in (roles.FACILITATOR, roles.DGCS_ADMIN):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
