"""Writing: a new thread, editing and deleting a post."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum import permissions, services
from forum.forms import (
    DeletePostForm,
    EditPostForm,
    ThreadForm,
    unbound_copy,
)
from forum.links import post_url, thread_url
from forum.views._common import (
    PREVIEW_PARAM,
    _category_or_404,
    _files_were_sent,
    _linked_page,
    _post_or_404,
    _preview,
    _save_attachments,
)
from website.submit_once import submit_once


@login_required
@submit_once(gettext_lazy("Cette discussion avait déjà été publiée."))
def new_thread(request, slug):
    user = request.user
    category = _category_or_404(user, slug)
    linked_page = _linked_page(request.POST.get("linked_page") or request.GET.get("page"))
    preview_html = preview_error = None
    files_lost = False
    if request.method == "POST":
        files_lost = _files_were_sent(request)
        if PREVIEW_PARAM in request.POST:
            preview_html, preview_error = _preview(request.POST.get("text"))
            form = unbound_copy(ThreadForm, request.POST, user=user)
        else:
            form = ThreadForm(request.POST, request.FILES, user=user)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    with transaction.atomic():
                        thread = services.create_thread(
                            user,
                            category,
                            data["title"],
                            data["text"],
                            kind=data["kind"],
                            tags=form.tags(),
                            linked_page=linked_page,
                        )
                        first_post = thread.posts.get(is_first=True)
                        _save_attachments(first_post, data["attachments"])
                except services.ForumError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("Votre discussion est publiée."))
                    return redirect(thread_url(thread))
    else:
        form = ThreadForm(user=user)
    return render(
        request,
        "forum/thread_form.html",
        {
            "category": category,
            "form": form,
            "post_reason": permissions.why_cannot_post(user, category),
            "linked_page": linked_page,
            "preview_html": preview_html,
            "preview_error": preview_error,
            "files_lost": files_lost,
        },
    )


@login_required
def edit_post(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    if not permissions.can_edit_post(user, post):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce message."))
    preview_html = preview_error = None
    if request.method == "POST":
        if PREVIEW_PARAM in request.POST:
            preview_html, preview_error = _preview(request.POST.get("text"))
            form = unbound_copy(EditPostForm, request.POST)
        else:
            form = EditPostForm(request.POST)
            if form.is_valid():
                try:
                    services.edit_post(user, post, form.cleaned_data["text"])
                except services.ForumError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("Votre modification est enregistrée."))
                    return redirect(post_url(post))
    else:
        form = EditPostForm(initial={"text": post.source})
    return render(
        request,
        "forum/post_edit.html",
        {
            "post": post,
            "thread": post.thread,
            "category": post.thread.category,
            "thread_url": thread_url(post.thread),
            "form": form,
            "preview_html": preview_html,
            "preview_error": preview_error,
            "cancel_url": post_url(post),
        },
    )


@login_required
def delete_post(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    if not permissions.can_delete_post(user, post):
        raise PermissionDenied(_("Vous ne pouvez pas supprimer ce message."))
    own = post.author_id == user.pk
    form = DeletePostForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.delete_post(user, post, "" if own else form.cleaned_data["reason"])
        messages.success(request, _("Le message est supprimé."))
        return redirect(post_url(post))
    return render(
        request,
        "forum/post_delete.html",
        {
            "post": post,
            "thread": post.thread,
            "category": post.thread.category,
            "thread_url": thread_url(post.thread),
            "form": form,
            "own": own,
            "cancel_url": post_url(post),
        },
    )
