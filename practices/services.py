"""Plain functions of the practices app; other apps call these, not the models."""

from django.db import transaction

from accounts.models import Territory


def get_index():
    from practices.models import PracticeIndexPage

    return PracticeIndexPage.objects.first()


@transaction.atomic
def ensure_index(home):
    """The /fiches/ page under the home page (idempotent)."""
    from practices.models import PracticeIndexPage

    index = PracticeIndexPage.objects.first()
    if index is None:
        index = PracticeIndexPage(
            title="Fiches pratiques",
            slug="fiches",
            intro=(
                "<p>Ce que les territoires ont fait contre le non-recours, pour qui, avec quels "
                "partenaires et quels résultats.</p>"
            ),
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


@transaction.atomic
def ensure_territory_folder(territory: Territory):
    """The folder page holding a territory's sheets (idempotent). None if no index yet."""
    from practices.models import TerritoryFolderPage

    folder = TerritoryFolderPage.objects.filter(territory=territory).first()
    if folder is not None:
        return folder
    index = get_index()
    if index is None:
        return None
    folder = TerritoryFolderPage(title=territory.name, slug=territory.slug, territory=territory)
    index.add_child(instance=folder)
    folder.save_revision().publish()
    return folder


class ActionError(Exception):
    """A refused action; ``str(error)`` is the French message to show."""


def _absolute(url: str) -> str:
    from django.conf import settings

    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def sheet_team_emails(sheet) -> list[str]:
    """Who speaks for a sheet: its contacts, else its territory's référents, else its owner."""
    from accounts.models import Membership, User

    emails = [user.email for user in sheet.contacts.filter(is_active=True)]
    if not emails:
        emails = list(
            User.objects.filter(
                is_active=True,
                memberships__territory_id=sheet.territory_id,
                memberships__status=Membership.Status.ACCEPTED,
                memberships__role=Membership.Role.REFERENT,
            ).values_list("email", flat=True)
        )
    if not emails and sheet.owner_id and sheet.owner.is_active:
        emails = [sheet.owner.email]
    return sorted(set(emails))


def reuse_territories_for(user, sheet):
    """Territories on whose behalf ``user`` may declare a reuse of ``sheet``."""
    from accounts.models import Territory
    from accounts.permissions import member_territory_ids

    ids = set(member_territory_ids(user)) - {sheet.territory_id}
    return Territory.objects.filter(pk__in=ids).order_by("name")


@transaction.atomic
def declare_reuse(user, sheet, territory, kind, comment="", own_sheet=None):
    from mailer.services import send_templated
    from practices.models import Reuse

    if not reuse_territories_for(user, sheet).filter(pk=territory.pk).exists():
        raise ActionError(
            "Vous ne pouvez déclarer une reprise qu’au nom d’un territoire dont vous êtes membre, "
            "autre que celui de la fiche."
        )
    if own_sheet is not None and own_sheet.territory_id != territory.pk:
        raise ActionError("La fiche indiquée n’est pas une fiche de ce territoire.")
    reuse, created = Reuse.objects.update_or_create(
        sheet=sheet,
        territory=territory,
        defaults={"user": user, "kind": kind, "comment": comment, "own_sheet": own_sheet},
    )
    if created:
        recipients = sheet_team_emails(sheet)
        if recipients:
            send_templated(
                recipients,
                "practices/email/reuse_declared",
                {"sheet": sheet, "reuse": reuse, "sheet_url": _absolute(sheet.url)},
            )
    return reuse, created


CONTACT_DAILY_LIMIT = 10


@transaction.atomic
def contact_team(user, sheet, body: str):
    from datetime import timedelta

    from django.utils import timezone

    from mailer.services import send_templated
    from practices.models import ContactMessage

    recent = ContactMessage.objects.filter(
        sender=user, created_at__gte=timezone.now() - timedelta(days=1)
    ).count()
    if recent >= CONTACT_DAILY_LIMIT:
        raise ActionError(
            "Vous avez envoyé beaucoup de messages aujourd’hui : réessayez demain. Votre message "
            "est conservé ci-dessous."
        )
    recipients = sheet_team_emails(sheet)
    if not recipients:
        raise ActionError("Cette fiche n’a pas encore de contact : réessayez plus tard.")
    message = ContactMessage.objects.create(sheet=sheet, sender=user, body=body)
    send_templated(
        recipients,
        "practices/email/contact_message",
        {"sheet": sheet, "message": message, "sender": user, "sheet_url": _absolute(sheet.url)},
        reply_to=user.email,
    )
    return message


def ensure_sections(home) -> None:
    """The site's set-up step for the sheets (``website.setup_steps``): the index page and its
    validation workflow, then a folder and a team group per territory (members synchronised from
    the accepted memberships)."""
    from practices import permissions
    from practices.workflow import ensure_sheet_workflow

    ensure_sheet_workflow(ensure_index(home))
    for territory in Territory.objects.all():
        ensure_territory_folder(territory)
        permissions.sync_team(territory)
