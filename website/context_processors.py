from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


def site(request):
    """What every page template needs: site name, main navigation, skip links."""
    from accounts.permissions import can_access_admin

    return {
        "SITE_NAME": settings.SITE_NAME,
        "main_nav": [
            {"label": _("Fiches pratiques"), "url": "/fiches/"},
            {"label": _("Forum"), "url": "/forum/"},
            {"label": _("Bibliothèque"), "url": "/bibliotheque/"},
            {"label": _("Événements"), "url": "/evenements/"},
        ],
        "skiplinks": [
            {"link": "#contenu", "label": _("Contenu")},
            {"link": "#navigation-principale", "label": _("Menu")},
            {"link": "#champ-recherche-entete", "label": _("Recherche")},
            {"link": "#pied-de-page", "label": _("Pied de page")},
        ],
        "user_can_access_admin": SimpleLazyObject(
            lambda: can_access_admin(getattr(request, "user", None))
        ),
        # Lazy: evaluated only where the bell is shown (logged-in people), one COUNT query.
        "forum_unread_notifications": SimpleLazyObject(
            lambda: _unread_notifications(getattr(request, "user", None))
        ),
        "forum_notifications_url": SimpleLazyObject(_forum_notifications_url),
    }


def _unread_notifications(user) -> int:
    from forum.notifications import unread_count

    return unread_count(user)


def _forum_notifications_url() -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("forum:notifications")
    except NoReverseMatch:  # forum URLs not installed
        return ""
