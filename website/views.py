import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _form_page(request) -> str:
    """The page the refused form was on, when it is one of ours (to go back to it)."""
    referer = request.META.get("HTTP_REFERER", "")
    allowed = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if allowed else ""


def bad_request(request, exception=None):
    """handler400. A body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 with the limit."""
    if isinstance(exception, DisallowedHost):
        # Nothing that reads the request's host may run (context processors, links back).
        template = loader.get_template("400.html")
        return _no_store(HttpResponseBadRequest(template.render({"SITE_NAME": settings.SITE_NAME})))
    if isinstance(exception, RequestDataTooBig):
        return _too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    context = {"form_page": _form_page(request)}
    return _no_store(render(request, "400.html", context, status=400))


def _too_large(request, limit: int):
    megabytes = limit / (1024 * 1024)
    context = {
        "form_page": _form_page(request),
        "limit": f"{megabytes:.1f}".removesuffix(".0").replace(".", ",") + "\u00a0Mo",
    }
    return _no_store(render(request, "413.html", context, status=413))


def request_too_large(request):
    """The page the production proxy shows (``error_page 413``) for a body over its own limit,
    ``PROXY_MAX_BODY_SIZE``, which Django never sees: the same French page as Django's own."""
    return _too_large(request, settings.PROXY_MAX_BODY_SIZE)


# Labels of the fields whose text a refused form page gives back (other text fields: « Texte »).
TYPED_LABELS = {
    "title": gettext_lazy("Titre"),
    "text": gettext_lazy("Texte"),
    "body": gettext_lazy("Message"),
    "note": gettext_lazy("Note"),
    "comment": gettext_lazy("Commentaire"),
    "answer": gettext_lazy("Réponse"),
}
_NOT_TYPED = ("csrfmiddlewaretoken", "submission_token", "password", "token", "secret")


def _typed_text(request) -> list[dict]:
    """What the person wrote in the refused form, to copy it back: only when the browser said
    the form came from this site (Origin header), never what another site could have posted."""
    origin = request.META.get("HTTP_ORIGIN", "")
    own = f"{request.scheme}://{request.get_host()}"
    if not origin or (origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS):
        return []
    typed = []
    for name, values in request.POST.lists():
        if any(part in name.lower() for part in _NOT_TYPED):
            continue
        for value in values:
            # Choices (ids, slugs) are not what someone typed: a known text field, or words.
            if name in TYPED_LABELS and value.strip() or len(value.split()) > 1:
                typed.append({"label": TYPED_LABELS.get(name, _("Texte")), "value": value})
    return typed[:10]


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form was refused (expired token, cookies blocked)."""
    try:
        typed = _typed_text(request) if request.method == "POST" else []
    except Exception:  # noqa: BLE001 - a body that cannot be read again: nothing to give back
        typed = []
    context = {
        "form_page": _form_page(request),
        "typed": typed,
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
    }
    return _no_store(render(request, "403_csrf.html", context, status=403))
