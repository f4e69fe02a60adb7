"""Bootstrap of the library section: the /bibliotheque/ index page, the page permissions of the
facilitators and DGCS administrators on it, and the « Validation bibliothèque » workflow.
Idempotent (run at every deploy by ``website.bootstrap``); never overwrites editors' changes."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts import roles

PAGE_PERMISSIONS = {
    roles.FACILITATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    roles.DGCS_ADMIN: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}


@transaction.atomic
def ensure_index(home):
    from library.models import LibraryIndexPage

    index = LibraryIndexPage.objects.first()
    if index is None:
        index = LibraryIndexPage(
            title="Bibliothèque",
            slug="bibliotheque",
            intro=(
                "<p>Le kit d’évaluation, les modèles de convention, les clauses, la doctrine, "
                "les outils et les études de la communauté : documents officiels de la DGCS et "
                "contributions des territoires.</p>"
            ),
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def ensure_page_permissions(index) -> None:
    from wagtail.models import GroupPagePermission

    for name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.get_or_create(name=name)[0]
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )


@transaction.atomic
def ensure(home) -> None:
    from library.workflow import ensure_library_workflow

    index = ensure_index(home)
    ensure_page_permissions(index)
    ensure_library_workflow(index)
