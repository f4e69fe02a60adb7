from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import can_access_admin


class AdminAccessMiddleware:
    """A logged-in person without the right to /admin/ gets a clear 403 page.

    Wagtail would send them to the login page, which sends a logged-in person back to /admin/:
    a redirect loop. Anonymous visitors still go to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_home")
        user = getattr(request, "user", None)
        if (
            request.path.startswith(self._prefix)
            and user is not None
            and user.is_authenticated
            and not can_access_admin(user)
        ):
            raise PermissionDenied(
                _(
                    "L’administration du site est réservée aux équipes des territoires, à "
                    "l’équipe d’animation et aux administrateurs de la DGCS. Rejoignez l’équipe "
                    "de votre territoire depuis « Mon compte » pour y proposer des fiches."
                )
            )
        return self.get_response(request)
