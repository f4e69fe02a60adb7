"""The moderation pages: the queue of flagged posts, the decisions on a post or a thread (each
with its reason, in a form), and the moderation log. The decisions themselves are
``forum.moderation``'s."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.forms import DsfrFormMixin
from forum import notifications, permissions
from forum.forms import CannedReasonForm
from forum.models import Category, Flag, ModerationLog, Post, Thread
from forum.moderation import (
    ACTION_LABELS,
    dismiss_flags,
    hide_post,
    lock_thread,
    move_thread,
    pin_thread,
    queue_posts,
    rename_thread,
    restore_post,
)
from forum.moderation_reasons import Reason, reason_text
from forum.services import ForumError
from website.text import PlainCharFormField

# --- Forms ---------------------------------------------------------------------------------------

REASON_HELP = "Il est transmis à l’auteur et inscrit au journal de modération."


class ReasonForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(
        label="Motif de la décision",
        help_text=REASON_HELP,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Indiquez le motif de votre décision : il est transmis à l’auteur."
        },
    )


class PostDecisionForm(CannedReasonForm):
    """Hide, restore or dismiss: a canned reason and/or a free text, told to the author."""

    reason_code = forms.ChoiceField(
        label="Motif prédéfini",
        choices=[("", "Choisissez un motif (facultatif)"), *Reason.choices],
        required=False,
    )
    reason = forms.CharField(
        label="Précisions (facultatif sauf pour « Autre » ou sans motif prédéfini)",
        help_text=REASON_HELP,
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    missing_reason = "Indiquez le motif de votre décision : il est transmis à l’auteur."

    def reason_text(self) -> str:
        return reason_text(self.cleaned_data["reason_code"], self.cleaned_data["reason"])


class MoveForm(ReasonForm):
    category = forms.ModelChoiceField(
        label="Nouvelle catégorie",
        queryset=Category.objects.all(),
        empty_label="Choisissez une catégorie",
        error_messages={"required": "Choisissez la catégorie où déplacer la discussion."},
    )
    field_order = ["category", "reason"]


class RenameForm(ReasonForm):
    title = PlainCharFormField(
        label="Nouveau titre",
        max_length=200,
        error_messages={"required": "Donnez un titre à la discussion."},
    )
    field_order = ["title", "reason"]


# --- Views ---------------------------------------------------------------------------------------


def moderator_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_moderate(request.user):
            raise PermissionDenied(
                "La modération du forum est réservée aux modérateurs et à l’équipe d’animation."
            )
        return view(request, *args, **kwargs)

    return wrapped


def _back(request, fallback: str):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(fallback)


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@moderator_required
def queue(request):
    open_flags = Flag.objects.filter(status=Flag.Status.OPEN)
    flagged = (
        queue_posts()
        .annotate(
            open_flags_count=Count("flags", filter=Q(flags__status=Flag.Status.OPEN)),
            last_flag_at=Max("flags__created_at", filter=Q(flags__status=Flag.Status.OPEN)),
        )
        .select_related("thread__category", "author")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=open_flags.select_related("user").order_by("created_at"),
                to_attr="open_flags",
            )
        )
        .order_by("-open_flags_count", "-last_flag_at", "-resubmitted_at")
    )
    page = Paginator(flagged, 20).get_page(request.GET.get("page"))
    hidden = (
        Post.objects.filter(is_hidden=True, is_deleted=False, resubmitted_at__isnull=True)
        .exclude(pk__in=open_flags.values("post_id"))
        .select_related("thread__category", "author")
        .order_by("-pk")[:50]
    )
    return render(
        request,
        "forum/moderation/queue.html",
        {
            "page_obj": page,
            "hidden_posts": hidden,
            "open_count": page.paginator.count,
            "reasons": Reason.choices,
        },
    )


POST_ACTIONS = {
    "masquer": hide_post,
    "retablir": restore_post,
    "ecarter": dismiss_flags,
}
POST_SUCCESS = {
    "masquer": "Le message est masqué ; son auteur et les personnes qui l’ont signalé sont "
    "prévenus.",
    "retablir": "Le message est de nouveau visible ; son auteur est prévenu.",
    "ecarter": "Les signalements sont écartés ; le message reste tel quel. Son auteur et les "
    "personnes qui l’ont signalé sont prévenus.",
}


@moderator_required
def moderate_post(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("thread__category", "author"), pk=pk, is_deleted=False
    )
    queue_url = reverse("forum:moderation")
    if request.method == "POST":
        action = request.POST.get("action")
        form = PostDecisionForm(request.POST)
        if action not in POST_ACTIONS:
            messages.error(request, "Action de modération inconnue.")
        elif not form.is_valid():
            messages.error(request, _form_errors(form))
        else:
            try:
                POST_ACTIONS[action](request.user, post, form.reason_text())
            except ForumError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, POST_SUCCESS[action])
                return _back(request, queue_url)
        return _back(request, reverse("forum:moderate_post", args=[post.pk]))
    flags = post.flags.select_related("user").order_by("-created_at")
    history = ModerationLog.objects.filter(post=post).select_related("moderator")[:20]
    return render(
        request,
        "forum/moderation/post.html",
        {
            "post": post,
            "flags": flags,
            "history": history,
            "form": PostDecisionForm(),
            "thread_url": notifications.thread_url(post.thread),
            "post_url": notifications.post_url(post),
            "action_labels": ACTION_LABELS,
        },
    )


# action → (form, prefix of its fields, decision, message)
THREAD_ACTIONS = {
    "verrouiller": (
        ReasonForm,
        "verrou",
        lambda u, t, d: lock_thread(u, t, d["reason"], True),
        "La discussion est verrouillée.",
    ),
    "deverrouiller": (
        ReasonForm,
        "verrou",
        lambda u, t, d: lock_thread(u, t, d["reason"], False),
        "La discussion est de nouveau ouverte aux réponses.",
    ),
    "epingler": (
        ReasonForm,
        "epingle",
        lambda u, t, d: pin_thread(u, t, d["reason"], True),
        "La discussion est épinglée.",
    ),
    "desepingler": (
        ReasonForm,
        "epingle",
        lambda u, t, d: pin_thread(u, t, d["reason"], False),
        "La discussion n’est plus épinglée.",
    ),
    "deplacer": (
        MoveForm,
        "deplacer",
        lambda u, t, d: move_thread(u, t, d["category"], d["reason"]),
        "La discussion est déplacée.",
    ),
    "renommer": (
        RenameForm,
        "renommer",
        lambda u, t, d: rename_thread(u, t, d["title"], d["reason"]),
        "La discussion est renommée.",
    ),
}


@moderator_required
def moderate_thread(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("category", "author"), pk=pk)
    page_url = reverse("forum:moderate_thread", args=[thread.pk])
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in THREAD_ACTIONS:
            messages.error(request, "Action de modération inconnue.")
            return redirect(page_url)
        form_class, prefix, apply, success = THREAD_ACTIONS[action]
        form = form_class(request.POST, prefix=prefix)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return redirect(page_url)
        try:
            apply(request.user, thread, form.cleaned_data)
        except ForumError as error:
            messages.error(request, str(error))
            return redirect(page_url)
        messages.success(request, f"{success} L’auteur de la discussion est prévenu.")
        return _back(request, page_url)
    history = ModerationLog.objects.filter(thread=thread).select_related("moderator", "post")[:30]
    return render(
        request,
        "forum/moderation/thread.html",
        {
            "thread": thread,
            "thread_url": notifications.thread_url(thread),
            "lock_form": ReasonForm(prefix="verrou"),
            "pin_form": ReasonForm(prefix="epingle"),
            "move_form": MoveForm(prefix="deplacer"),
            "rename_form": RenameForm(prefix="renommer", initial={"title": thread.title}),
            "history": history,
            "action_labels": ACTION_LABELS,
        },
    )


@moderator_required
def moderation_log(request):
    entries = ModerationLog.objects.select_related("moderator", "thread", "post").order_by(
        "-created_at", "-pk"
    )
    action = request.GET.get("action", "")
    if action in ACTION_LABELS:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)
    return render(
        request,
        "forum/moderation/log.html",
        {
            "page_obj": page,
            "actions": ACTION_LABELS,
            "current_action": action,
        },
    )
