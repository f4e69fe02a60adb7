from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import dashboard_sections, permissions, services
from accounts.forms import DecisionForm, MembershipRequestForm, PreferencesForm, ProfileForm
from accounts.models import Membership, Territory
from website.french import of


@login_required
def dashboard(request):
    memberships = list(
        Membership.objects.filter(user=request.user)
        .select_related("territory__region")
        .order_by("territory__name")
    )
    managed = (
        permissions.manageable_territories(request.user)
        .annotate(
            pending_count=Count(
                "memberships", filter=Q(memberships__status=Membership.Status.PENDING)
            )
        )
        .filter(pending_count__gt=0)
        .order_by("name")
    )
    return render(
        request,
        "accounts/dashboard.html",
        {
            "accepted": [m for m in memberships if m.status == Membership.Status.ACCEPTED],
            "pending": [m for m in memberships if m.status == Membership.Status.PENDING],
            "refused": [m for m in memberships if m.status == Membership.Status.REFUSED],
            "managed_with_requests": list(managed[:50]),
            "is_manager": permissions.is_referent_or_staff(request.user),
            "role_labels": permissions.global_role_labels(request.user),
            # A commissioner follows regions: they are shown instead of an invitation to join
            # a territory.
            "followed_regions": (
                list(request.user.regions.annotate(territory_count=Count("territories")))
                if permissions.is_commissioner(request.user)
                else []
            ),
            "dashboard_sections": dashboard_sections.render_all(request),
        },
    )


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil a été mis à jour."))
        return redirect("accounts:dashboard")
    return render(request, "accounts/profile_form.html", {"form": form})


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences d’e-mail ont été enregistrées."))
        return redirect("accounts:dashboard")
    return render(request, "accounts/preferences_form.html", {"form": form})


@login_required
def request_membership(request):
    initial = {}
    if request.GET.get("territoire"):
        initial["territory"] = Territory.objects.filter(
            slug=request.GET["territoire"], is_active=True
        ).first()
    form = MembershipRequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        territory = form.cleaned_data["territory"]
        try:
            services.request_membership(request.user, territory, form.cleaned_data["message"])
        except services.MembershipError as error:
            form.add_error("territory", str(error))
        else:
            messages.success(
                request,
                _(
                    "Votre demande pour rejoindre %(territory)s a été envoyée. Vous recevrez "
                    "un e-mail dès qu’un référent y aura répondu."
                )
                % {"territory": territory.name},
            )
            return redirect("accounts:dashboard")
    return render(request, "accounts/membership_request.html", {"form": form})


@login_required
@require_POST
def cancel_membership(request, pk):
    membership = get_object_or_404(Membership, pk=pk, user=request.user)
    name = membership.territory.name
    was_pending = membership.is_pending
    services.leave_territory(request.user, membership)
    if was_pending:
        messages.success(request, _("Votre demande pour %(t)s a été annulée.") % {"t": name})
    else:
        messages.success(request, _("Vous avez quitté l’équipe %(of_t)s.") % {"of_t": of(name)})
    return redirect("accounts:dashboard")


@login_required
def territory_team(request, slug):
    territory = get_object_or_404(Territory.objects.select_related("region"), slug=slug)
    if not permissions.can_manage_territory_members(request.user, territory):
        raise PermissionDenied(
            _("Seuls les référents de ce territoire et l’équipe d’animation y ont accès.")
        )
    base = territory.memberships.select_related("user", "decided_by")
    pending = base.filter(status=Membership.Status.PENDING).order_by("created_at")
    members = Paginator(
        base.filter(status=Membership.Status.ACCEPTED).order_by(
            "user__last_name", "user__first_name"
        ),
        50,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/territory_team.html",
        {
            "territory": territory,
            "pending": pending,
            "members": members,
            "decision_form": DecisionForm(),
            "roles": Membership.Role.choices,
        },
    )


@login_required
@require_POST
def decide_membership(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("territory", "user"), pk=pk)
    if not permissions.can_manage_territory_members(request.user, membership.territory):
        raise PermissionDenied(
            _("Seuls les référents de ce territoire et l’équipe d’animation peuvent répondre.")
        )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez d’accepter ou de refuser la demande."))
        return redirect("accounts:territory_team", slug=membership.territory.slug)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.decide_membership(
            request.user, membership, accept=accept, comment=form.cleaned_data["comment"]
        )
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        template = (
            _("%(person)s a rejoint l’équipe %(of_territory)s.")
            if accept
            else _("La demande %(of_person)s a été refusée ; la personne en est informée.")
        )
        person = str(membership.user)
        messages.success(
            request,
            template
            % {
                "person": person,
                "of_person": of(person),
                "of_territory": of(membership.territory.name),
            },
        )
    return redirect("accounts:territory_team", slug=membership.territory.slug)


@login_required
@require_POST
def change_member_role(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("territory", "user"), pk=pk)
    if not permissions.can_manage_territory_members(request.user, membership.territory):
        raise PermissionDenied(_("Vous ne pouvez pas modifier l’équipe de ce territoire."))
    try:
        services.change_role(request.user, membership, request.POST.get("role", ""))
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Le rôle %(of_person)s est maintenant : %(role)s.")
            % {
                "of_person": of(str(membership.user)),
                "role": membership.get_role_display().lower(),
            },
        )
    return redirect("accounts:territory_team", slug=membership.territory.slug)


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """Allauth's confirmation, but an expired or wrong link submitted from an open page gets the
    same French explanation as when it is opened, instead of a bare « page non trouvée »."""

    def post(self, *args, **kwargs):
        try:
            self.get_object()
        except Http404:
            self.object = None
            return self.render_to_response(self.get_context_data(), status=404)
        return super().post(*args, **kwargs)


@login_required
def personal_data(request):
    """What the site keeps about the person, the export and the erasure of the account."""
    from django.conf import settings

    return render(
        request,
        "accounts/personal_data.html",
        {
            "inactive_years": settings.ACCOUNTS_INACTIVE_DAYS // 365,
            "mail_days": settings.MAILER_LOG_RETENTION_DAYS,
        },
    )


@login_required
def personal_data_export(request):
    import json

    from django.http import HttpResponse
    from django.utils import timezone

    from accounts import personal_data as rgpd

    payload = json.dumps(rgpd.export(request.user), ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    from django.contrib.auth import logout

    from accounts import personal_data as rgpd
    from accounts.forms import DeleteAccountForm
    from mailer.services import send_templated

    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        address, name = user.email, user.get_short_name()
        rgpd.erase(user)
        send_templated(address, "accounts/email/account_deleted", {"name": name})
        logout(request)
        messages.success(
            request,
            _("Votre compte a été supprimé. Un e-mail de confirmation vous a été envoyé."),
        )
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})
