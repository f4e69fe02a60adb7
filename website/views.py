import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from wagtail.models import Site

from website import page_access

logger = logging.getLogger(__name__)

SECTIONS = {
    "fiches": {
        "title": _("Fiches pratiques"),
        "text": _(
            "Les équipes des territoires y décrivent les démarches qu’elles ont menées contre le "
            "non-recours, leurs partenaires et les résultats obtenus, pour que d’autres puissent "
            "s’en inspirer."
        ),
    },
    "forum": {
        "title": _("Forum"),
        "text": _(
            "Un espace de discussion entre territoires, référents de l’État et équipe "
            "d’animation : questions, retours d’expérience, entraide."
        ),
    },
    "bibliotheque": {
        "title": _("Bibliothèque"),
        "text": _(
            "Le kit d’évaluation, les modèles de convention de partage de données et le "
            "clausier de la communauté."
        ),
    },
    "evenements": {
        "title": _("Événements"),
        "text": _(
            "Les webinaires, ateliers et rencontres organisés par l’équipe d’animation, avec "
            "inscription en ligne."
        ),
    },
}


def sitemap(request):
    site = Site.find_for_request(request)
    pages = []
    if site:
        root = site.root_page
        # The same visibility as the sections' own lists and the search: live and public pages,
        # less those that a feature hides from this person (``website.page_access``).
        pages = list(
            page_access.listed_pages(
                root.get_descendants().live().public().filter(depth__lte=root.depth + 2),
                request.user,
            ).order_by("path")
        )
    return render(
        request,
        "website/sitemap.html",
        {"pages": pages, "sections": SECTIONS, "root": site.root_page if site else None},
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "403.html", {"message": message}, status=403)


@requires_csrf_token
def server_error(request):
    # Rendered without the context processors: the database may be the cause of the error.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"SITE_NAME": "Communauté zéro non-recours"}))
