"""The composer's helpers (static/js/composer.js, static/js/forum.js): the quote of a post,
the « Discussions similaires » of a new thread's title, the mention suggestions, the check of a
pasted or dropped file. Each one only answers what the person may read (forum.permissions);
everything they add also works without JavaScript, through the forms themselves."""

import re

from django import forms
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum import permissions
from forum.forms import AttachmentsField
from forum.links import thread_url
from forum.models import Category, Thread
from forum.quoting import quote_intro, quote_markdown
from forum.views._common import _post_or_404, _thread_or_404

MENTIONS_LIMIT = 8
SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 60
# Words of a title too common to tell two threads apart.
STOP_WORDS = frozenset(
    {
        "avec",
        "dans",
        "pour",
        "comment",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "sont",
        "nous",
        "vous",
        "leur",
        "leurs",
        "cette",
        "ces",
        "des",
        "les",
        "une",
        "aux",
        "est",
        "pas",
        "plus",
        "par",
        "sur",
        "qui",
        "que",
        "quoi",
        "faire",
        "peut",
        "peuvent",
        "entre",
    }
)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _login_required_json(message):
    return JsonResponse({"error": message, "results": []}, status=403)


@require_GET
def quote(request, pk):
    """The Markdown quote of a post (« > Anne a écrit : … »), and its first lines alone, for a
    quote of the selected words."""
    if not request.user.is_authenticated:
        return _login_required_json(_("Connectez-vous pour citer un message."))
    post = _post_or_404(request.user, pk)
    if post.is_deleted or (post.is_hidden and not permissions.is_moderator(request.user)):
        raise Http404(_("Message introuvable."))
    return _no_store(JsonResponse({"intro": quote_intro(post), "quote": quote_markdown(post)}))


def _title_words(title: str) -> list[str]:
    words = re.findall(r"\w{3,}", title.lower())
    return [word for word in dict.fromkeys(words) if word not in STOP_WORDS][:8]


@require_GET
def similar_threads(request):
    """Threads the person may read whose title shares words with ``titre`` (the best matches
    first, then the most recent)."""
    words = _title_words((request.GET.get("titre") or "")[:200])
    if not words:
        return _no_store(JsonResponse({"results": []}))
    matches = Q()
    for word in words:
        matches |= Q(title__icontains=word)
    candidates = (
        Thread.objects.filter(matches, category__in=permissions.readable_categories(request.user))
        .select_related("category")
        .order_by("-last_post_at")[:SIMILAR_CANDIDATES]
    )
    scored = sorted(
        candidates,
        key=lambda thread: -sum(word in thread.title.lower() for word in words),
    )[:SIMILAR_LIMIT]
    return _no_store(
        JsonResponse(
            {
                "results": [
                    {
                        "title": thread.title,
                        "url": thread_url(thread),
                        "category": thread.category.name,
                        "solved": thread.is_solved,
                    }
                    for thread in scored
                ]
            }
        )
    )


def _space(request) -> Category:
    """The category written in: ``discussion=<id>`` or ``categorie=<slug>``, readable by the
    person (404 otherwise)."""
    thread_id = request.GET.get("discussion") or ""
    if thread_id.isdigit():
        return _thread_or_404(request.user, int(thread_id)).category
    slug = request.GET.get("categorie")
    if slug:
        category = get_object_or_404(Category, slug=slug)
        if permissions.can_read_category(request.user, category):
            return category
    raise Http404(_("Discussion introuvable."))


@require_GET
def mentions(request):
    """Active people (but oneself) who may read the thread or category written in, whose
    handle or name starts with ``q``, for @mention suggestions."""
    if not request.user.is_authenticated:
        return _login_required_json(_("Connectez-vous pour mentionner quelqu’un."))
    try:
        category = _space(request)
    except Http404:
        return JsonResponse({"error": _("Discussion introuvable."), "results": []}, status=404)
    query = (request.GET.get("q") or "").strip().lstrip("@")[:60]
    if not query:
        return _no_store(JsonResponse({"results": []}))
    people = (
        permissions.readers(category)
        .filter(handle__isnull=False)
        .exclude(pk=request.user.pk)
        .filter(
            Q(handle__istartswith=query)
            | Q(first_name__istartswith=query)
            | Q(last_name__istartswith=query)
        )
        .order_by("handle")
        .only("handle", "first_name", "last_name", "organisation")[:MENTIONS_LIMIT]
    )
    results = [
        {
            "handle": person.handle,
            "name": person.get_full_name(),
            "organisation": person.organisation,
        }
        for person in people
    ]
    return _no_store(JsonResponse({"results": results}))


@require_POST
def check_attachment(request):
    """Whether a pasted or dropped file would be accepted (the same checks as the forms':
    forum.forms.AttachmentsField, by content); nothing is stored: the file is sent again with
    the form."""
    if not request.user.is_authenticated:
        return _login_required_json(_("Connectez-vous pour joindre un fichier."))
    field = AttachmentsField(user=request.user)
    try:
        cleaned = field.clean(request.FILES.getlist("file"))
    except forms.ValidationError as error:
        return _no_store(JsonResponse({"ok": False, "errors": error.messages}, status=400))
    if not cleaned:
        return _no_store(
            JsonResponse({"ok": False, "errors": [_("Aucun fichier reçu.")]}, status=400)
        )
    _upload, content_type, name, _stored = cleaned[0]
    return _no_store(
        JsonResponse({"ok": True, "name": name, "is_image": content_type.startswith("image/")})
    )
