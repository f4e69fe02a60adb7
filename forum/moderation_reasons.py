"""The canned reasons of the forum's moderation: chosen when flagging a post and when a
moderator hides it or dismisses its flags, each with an optional free text (required for
« Autre »). Plain data, imported by the models (``Flag.reason_code``) and the forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    DISRESPECT = "irrespect", _("Propos irrespectueux")
    PERSONAL_DATA = "donnees", _("Données personnelles d’une personne accompagnée")
    ADVERTISING = "hors-sujet", _("Publicité ou hors sujet")
    WRONG = "erreur", _("Information erronée")
    OTHER = "autre", _("Autre")


def reason_text(code: str, details: str = "") -> str:
    """The reason as people read it: the canned label, then the free text (« Autre » alone
    is only its free text)."""
    details = (details or "").strip()
    if not code or code not in Reason.values:
        return details
    if code == Reason.OTHER:
        return details or str(Reason.OTHER.label)
    label = str(Reason(code).label)
    return f"{label} — {details}" if details else label
