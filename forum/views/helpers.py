"""Helpers of the progressive enhancement (static/js/forum.js): live preview; and the
attachments' download (the composer's helpers: forum.views.composer)."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import permissions, services
from forum.models import (
    Attachment,
)
from forum.views._common import _preview


@require_POST
def preview(request):
    """The sanitised HTML of a Markdown text, for the live preview."""
    if not request.user.is_authenticated:
        return HttpResponse(
            escape(_("Connectez-vous pour prévisualiser un message.")),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    text = request.POST.get("text") or ""
    html, error = _preview(text)
    if error:
        return HttpResponse(
            f'<p class="fr-error-text">{escape(error)}</p>',
            status=400 if len(text) > services.MAX_POST_LENGTH else 200,
            content_type="text/html; charset=utf-8",
        )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def attachment(request, pk):
    """An attached file, served only to the people who may read its post."""
    item = get_object_or_404(Attachment.objects.select_related("post__thread__category"), pk=pk)
    post = item.post
    user = request.user
    if not permissions.can_read_thread(user, post.thread):
        raise Http404
    if post.is_deleted and not permissions.is_moderator(user):
        raise Http404
    if post.is_hidden and not permissions.can_read_hidden_post(user, post):
        raise Http404
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=item.content_type == "application/pdf",
        filename=item.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
