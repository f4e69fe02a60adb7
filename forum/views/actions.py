"""What a reader does to a post: react, accept an answer, flag it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import permissions, services
from forum.forms import (
    FlagForm,
)
from forum.links import post_url, thread_url
from forum.views._common import _post_or_404


@login_required
@require_POST
def react(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    kind = request.POST.get("kind", "")
    try:
        reaction = services.react(user, post, kind)
    except services.ForumError as error:
        messages.error(request, str(error))
    else:
        if reaction is None:
            messages.success(request, _("Votre réaction est retirée."))
        else:
            messages.success(
                request,
                _("Votre réaction « %(kind)s » est enregistrée.")
                % {"kind": reaction.get_kind_display()},
            )
    return redirect(post_url(post))


@login_required
@require_POST
def accept(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    thread = post.thread
    withdraw = request.POST.get("action") == "retirer"
    try:
        services.accept_answer(user, thread, None if withdraw else post)
    except services.ForumError as error:
        messages.error(request, str(error))
        return redirect(post_url(post))
    if withdraw:
        messages.success(request, _("La réponse n’est plus marquée comme acceptée."))
        return redirect(post_url(post))
    messages.success(
        request, _("La réponse est marquée comme acceptée : la discussion est résolue.")
    )
    return redirect(thread_url(thread, anchor=f"message-{post.pk}"))


@login_required
def flag(request, pk):
    user = request.user
    post = _post_or_404(user, pk)
    reason = permissions.why_cannot_flag(user, post)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_post(
                user, post, form.cleaned_data["reason"], form.cleaned_data["reason_code"]
            )
        except services.ForumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Merci : votre signalement est transmis à l’équipe de modération."),
            )
            return redirect(post_url(post))
    return render(
        request,
        "forum/post_flag.html",
        {
            "post": post,
            "thread": post.thread,
            "category": post.thread.category,
            "thread_url": thread_url(post.thread),
            "form": form,
            "flag_reason": reason,
            "show_form": request.method == "POST" or reason is None,
            "cancel_url": post_url(post),
        },
    )
