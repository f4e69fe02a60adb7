from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


def site(request):
    """What every page template needs: site name, main navigation, skip links."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "main_nav": [
            {"label": _("Fiches pratiques"), "url": "/fiches/"},
            {"label": _("Forum"), "url": "/forum/"},
            {"label": _("Bibliothèque"), "url": "/bibliotheque/"},
            {"label": _("Événements"), "url": "/evenements/"},
            {"label": _("Résultats des territoires"), "url": "/bilans/comparer/"},
        ],
        "skiplinks": [
            {"link": "#contenu", "label": _("Contenu")},
            {"link": "#navigation-principale", "label": _("Menu")},
            {"link": "#champ-recherche-entete", "label": _("Recherche")},
            {"link": "#pied-de-page", "label": _("Pied de page")},
        ],
        "user_can_access_admin": SimpleLazyObject(lambda: _can_access_admin(request)),
    }


def _can_access_admin(request) -> bool:
    """Cached per person until their rights change (scope ``accounts``): one query less on
    every page of a logged-in person."""
    from accounts.permissions import can_access_admin
    from website import fragment_cache

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return fragment_cache.cached_value(
        "can-access-admin", [user.pk], lambda: can_access_admin(user), request, ("accounts",)
    )
