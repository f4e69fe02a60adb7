"""What the forum's views share: the lookups that answer 404 for what the person may not read
(or ask a logged-out visitor to log in, ``offer_login``), attachments, previews."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from wagtail.models import Page

from forum import permissions, services
from forum.models import (
    Attachment,
    Category,
    Post,
    Thread,
)
from forum.rendering import render_markdown

PREVIEW_PARAM = "apercu"


class MembersOnly(Http404):
    """Not readable by this logged-out visitor, readable once logged in: a 404 in the views that
    do not offer to log in, the login page in those that do (``offer_login``)."""

    def __init__(self, invitation: str):
        super().__init__(invitation)
        self.invitation = invitation


def offer_login(view):
    """A view whose members-only category or thread sends a logged-out visitor to the login
    page, with a message saying why, and back to the same address after."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MembersOnly as members_only:
            messages.info(request, members_only.invitation)
            return redirect_to_login(request.get_full_path())

    return wrapper


def _refuse(user, category: Category, not_found: str, invitation: str):
    if permissions.should_log_in_to_read(user, category):
        raise MembersOnly(invitation)
    raise Http404(not_found)


def _category_or_404(user, slug) -> Category:
    category = get_object_or_404(Category.objects.select_related("territory"), slug=slug)
    if not permissions.can_read_category(user, category):
        _refuse(user, category, _("Catégorie introuvable."), _category_invitation())
    return category


def _thread_or_404(user, pk) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("category", "author", "linked_page"), pk=pk
    )
    if not permissions.can_read_thread(user, thread):
        _refuse(user, thread.category, _("Discussion introuvable."), _thread_invitation())
    return thread


def _post_or_404(user, pk) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread__category", "author"), pk=pk)
    if not permissions.can_read_thread(user, post.thread):
        _refuse(user, post.thread.category, _("Message introuvable."), _thread_invitation())
    return post


def _category_invitation() -> str:
    return _(
        "Cette catégorie est réservée aux membres de la communauté\u00a0: connectez-vous pour "
        "la lire."
    )


def _thread_invitation() -> str:
    return _(
        "Cette discussion est réservée aux membres de la communauté\u00a0: connectez-vous pour "
        "la lire."
    )


def _linked_page(value):
    """A published, public page (practice sheet, library document, event) to link a new thread
    to, from ``?page=<id>``; None when absent or not linkable."""
    if not value or not str(value).isdigit():
        return None
    return Page.objects.live().public().filter(pk=int(value), depth__gt=2).specific().first()


def _save_attachments(post: Post, cleaned_files) -> None:
    """Store the files cleaned by the forms: (file, content type, name, stored name, alt)."""
    for upload, content_type, name, stored_name, alt_text in cleaned_files:
        attachment = Attachment(
            post=post,
            name=name,
            content_type=content_type,
            size=upload.size,
            alt_text=alt_text,
        )
        upload.seek(0)
        attachment.file.save(stored_name, upload, save=False)
        attachment.save()


def _preview(text: str) -> tuple[str | None, str | None]:
    """(sanitised HTML, error message) of the « Prévisualiser » button."""
    text = (text or "").strip()
    if not text:
        return None, _("Le message est vide : il n’y a rien à prévisualiser.")
    if len(text) > services.MAX_POST_LENGTH:
        return None, _("Le message est trop long (%(length)s caractères, %(max)s au plus).") % {
            "length": len(text),
            "max": services.MAX_POST_LENGTH,
        }
    return render_markdown(text), None


def _files_were_sent(request) -> bool:
    return any(upload for upload in request.FILES.getlist("attachments"))
