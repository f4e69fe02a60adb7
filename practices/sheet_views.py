"""The sheet page: its context, and the actions on it (« Je m’en inspire », « Contacter »)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import DsfrFormMixin
from practices import result_links, services
from practices.models import PracticeSheetPage
from website import page_views
from website.submit_once import submit_once


class ReuseForm(DsfrFormMixin, forms.Form):
    territory = forms.ModelChoiceField(
        label=gettext_lazy("Au nom du territoire"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Choisissez un de vos territoires.")},
    )
    kind = forms.ChoiceField(label=gettext_lazy("Ce que vous en faites"), choices=())
    comment = forms.CharField(
        label=gettext_lazy("Commentaire"),
        help_text=gettext_lazy("Ce que vous reprenez, ce que vous changez."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    own_sheet = forms.ModelChoiceField(
        label=gettext_lazy("Notre fiche sur cette action"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Aucune pour l’instant"),
    )

    def __init__(self, *args, user, sheet, **kwargs):
        from practices.models import PracticeSheetPage, Reuse

        super().__init__(*args, **kwargs)
        territories = services.reuse_territories_for(user, sheet)
        self.fields["territory"].queryset = territories
        self.fields["kind"].choices = Reuse.Kind.choices
        self.fields["own_sheet"].queryset = (
            PracticeSheetPage.objects.live()
            .filter(territory__in=territories)
            .exclude(pk=sheet.pk)
            .order_by("title")
        )


class ContactForm(DsfrFormMixin, forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Votre message"),
        help_text=gettext_lazy(
            "Il est transmis aux contacts de la fiche, qui vous répondront à votre adresse "
            "e-mail. Leurs adresses ne vous sont pas communiquées."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=20,
        max_length=5000,
        error_messages={
            "required": gettext_lazy("Écrivez votre message."),
            "min_length": gettext_lazy("Votre message est trop court (20 caractères au moins)."),
        },
    )


def related_sheets(sheet, limit=4):
    from practices.models import PracticeSheetPage

    # (a list, not values_list: a preview's draft holds its tags in memory)
    barrier_ids = [barrier.pk for barrier in sheet.barriers.all()]
    audience_ids = [audience.pk for audience in sheet.audiences.all()]
    if not barrier_ids and not audience_ids:
        return []
    return list(
        PracticeSheetPage.objects.live()
        .public()
        .exclude(pk=sheet.pk)
        .annotate(
            shared=Count("barriers", filter=Q(barriers__in=barrier_ids), distinct=True)
            + Count("audiences", filter=Q(audiences__in=audience_ids), distinct=True)
        )
        .filter(shared__gt=0)
        .select_related("territory")
        .order_by("-shared", "-first_published_at")[:limit]
    )


@page_views.handles(PracticeSheetPage, "sheet_context")
def sheet_context(request, sheet) -> dict:
    """The sheet's context. What the template shows inside cached fragments (results, reuses,
    related sheets and threads, barriers) is computed lazily: only when the fragment is
    rendered, not when it comes from the cache (website.fragment_cache)."""
    from forum.services import related_threads

    user = request.user
    threads = SimpleLazyObject(lambda: related_threads(user, sheet))
    context = {
        "results": _lazy_list(lambda: _results_with_links(request, sheet)),
        "reuses": _lazy_list(
            lambda: sheet.reuses.select_related("territory", "own_sheet").order_by(
                "territory__name"
            )
        ),
        "related_sheets": _lazy_list(lambda: related_sheets(sheet)),
        "contacts_count": SimpleLazyObject(lambda: sheet.contacts.count()),
        "barriers": _lazy_list(lambda: sheet.barriers.select_related("parent")),
        "related_threads": _lazy_list(lambda: threads[0]),
        "related_threads_count": SimpleLazyObject(lambda: threads[1]),
    }
    if user.is_authenticated:
        can_reuse = services.reuse_territories_for(user, sheet).exists()
        context["reuse_form"] = ReuseForm(user=user, sheet=sheet) if can_reuse else None
        context["contact_form"] = ContactForm()
        # A blank contact form is the same for everyone: a cached fragment (None: not cached).
        context["contact_form_variant"] = "blank"
        context["edit_url"] = _edit_url(request, sheet)
    return context


def _results_with_links(request, sheet) -> list:
    """The sheet's result lines, each with ``report_link`` (the territory's validated report for
    that indicator and year, when another app provides it; see ``practices.result_links``)."""
    lines = list(sheet.results.select_related("indicator"))
    links = result_links.links_for(request, sheet, lines)
    for line in lines:
        line.report_link = links.get(line.pk)
    return lines


def _lazy_list(build):
    return SimpleLazyObject(lambda: list(build()))


def _edit_url(request, sheet) -> str | None:
    """« Modifier la fiche »: the guided form on the site for the sheet's team; the admin's
    editor for facilitators and DGCS administrators outside the team."""
    from practices.permissions import can_edit_sheet, is_team_member

    user = request.user
    if is_team_member(user, sheet):
        return reverse("practices:write", args=[sheet.pk])
    if can_edit_sheet(user, sheet):
        return reverse("wagtailadmin_pages:edit", args=[sheet.pk])
    return None


def _render(request, sheet, **forms_):
    context = sheet.get_context(request)
    context.update({name: form for name, form in forms_.items() if form is not None})
    if forms_.get("contact_form") is not None:
        context["contact_form_variant"] = None
    return TemplateResponse(request, sheet.get_template(request), context)


@page_views.handles(PracticeSheetPage, "reuse")
def reuse(request, sheet):
    if not request.user.is_authenticated:
        return redirect_to_login(sheet.url)
    if request.method != "POST":
        return redirect(sheet.url)
    form = ReuseForm(request.POST, user=request.user, sheet=sheet)
    if not form.fields["territory"].queryset.exists():
        messages.error(
            request,
            _("Seuls les membres d’une équipe d’un autre territoire peuvent déclarer une reprise."),
        )
        return redirect(sheet.url)
    if form.is_valid():
        try:
            _reuse, created = services.declare_reuse(
                request.user,
                sheet,
                form.cleaned_data["territory"],
                form.cleaned_data["kind"],
                form.cleaned_data["comment"],
                form.cleaned_data["own_sheet"],
            )
        except services.ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Merci ! La reprise par %(t)s est enregistrée ; l’équipe de la fiche en est "
                    "informée."
                )
                % {"t": form.cleaned_data["territory"].name}
                if created
                else _("Votre déclaration de reprise a été mise à jour."),
            )
            return redirect(sheet.url)
    return _render(request, sheet, reuse_form=form)


@page_views.handles(PracticeSheetPage, "contact")
@submit_once(gettext_lazy("Ce message avait déjà été envoyé à l’équipe."))
def contact(request, sheet):
    if not request.user.is_authenticated:
        return redirect_to_login(sheet.url + "contacter/")
    if request.method != "POST":
        return redirect(sheet.url + "#contacter")
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_team(request.user, sheet, form.cleaned_data["body"])
        except services.ActionError as error:
            form.add_error("body", str(error))
        else:
            messages.success(
                request,
                _("Votre message a été transmis à l’équipe. Elle vous répondra par e-mail."),
            )
            return redirect(sheet.url)
    return _render(request, sheet, contact_form=form)
