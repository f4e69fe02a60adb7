"""Pages of the facilitation team for one event: participants and waitlist, CSV export,
attendance, a message to everyone, survey results; and the survey answered by attendees."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from dsfr.forms import DsfrBaseForm

from accounts.permissions import is_dgcs_admin, is_facilitator
from events import emails, timing
from events.models import EventPage, Registration, SurveyAnswer
from website import spreadsheets

SURVEY_MAX_AGE = 60 * 60 * 24 * 60  # the survey link works for 60 days


def can_facilitate(user) -> bool:
    return is_facilitator(user) or is_dgcs_admin(user)


def _event_for_facilitator(request, event_id) -> EventPage:
    if not can_facilitate(request.user):
        raise PermissionDenied(
            _("Cette page est réservée à l’équipe d’animation et aux administrateurs DGCS.")
        )
    event = EventPage.objects.filter(pk=event_id).first()
    if event is None:
        raise Http404(_("Cet événement n’existe pas."))
    return event


def _registrations(event, status):
    return (
        Registration.objects.filter(event=event, status=status)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def survey_results(event) -> dict:
    answers = SurveyAnswer.objects.filter(registration__event=event)
    stats = answers.aggregate(average=Avg("rating"), count=Count("pk"))
    return {
        "average": stats["average"],
        "count": stats["count"],
        "distribution": [
            (rating, answers.filter(rating=rating).count()) for rating in range(5, 0, -1)
        ],
        "comments": list(
            answers.exclude(comment="").order_by("-created_at").values_list("comment", flat=True)
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def participants(request, event_id):
    event = _event_for_facilitator(request, event_id)
    confirmed = list(_registrations(event, Registration.Status.CONFIRMED))
    can_mark = event.start <= timezone.now()
    if request.method == "POST":
        if not can_mark:
            messages.error(request, _("La présence se note une fois l’événement commencé."))
            return redirect("events:participants", event_id=event.pk)
        present = {value for value in request.POST.getlist("present") if value.isdigit()}
        with transaction.atomic():
            for registration in confirmed:
                attended = str(registration.pk) in present
                if registration.attended is not attended:
                    Registration.objects.filter(pk=registration.pk).update(attended=attended)
        messages.success(
            request,
            _("Présences enregistrées : %(present)s sur %(total)s personnes inscrites.")
            % {"present": len(present & {str(r.pk) for r in confirmed}), "total": len(confirmed)},
        )
        return redirect("events:participants", event_id=event.pk)
    return render(
        request,
        "events/facilitator/participants.html",
        {
            "event": event,
            "confirmed": confirmed,
            "waitlist": list(_registrations(event, Registration.Status.WAITLIST)),
            "cancelled_count": Registration.objects.filter(
                event=event, status=Registration.Status.CANCELLED
            ).count(),
            "can_mark": can_mark,
            "attendance_marked": any(r.attended is not None for r in confirmed),
            "results": survey_results(event),
            "survey_sent_count": sum(1 for r in confirmed if r.survey_sent_at),
            "survey_delay_hours": int(timing.survey_delay().total_seconds() // 3600),
        },
    )


@login_required
def participants_csv(request, event_id):
    event = _event_for_facilitator(request, event_id)
    response = spreadsheets.csv_response(f"participants-{event.slug}.csv")
    writer = spreadsheets.writer(response)
    writer.writerow(
        [
            "Statut",
            "Nom",
            "Prénom",
            "E-mail",
            "Structure",
            "Fonction",
            event.registration_question or "Réponse",
            "Date d’inscription",
            "Présence",
        ]
    )
    presence = {True: "oui", False: "non", None: ""}
    registrations = (
        Registration.objects.filter(
            event=event,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLIST],
        )
        .select_related("user")
        .order_by("status", "created_at", "pk")
    )
    for registration in registrations:
        user = registration.user
        writer.writerow(
            [
                registration.get_status_display(),
                user.last_name,
                user.first_name,
                user.email,
                user.organisation,
                user.job_title,
                registration.answer,
                timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
                presence[registration.attended],
            ]
        )
    return response


class MessageForm(DsfrBaseForm):
    subject = forms.CharField(label=gettext_lazy("Objet"), max_length=150)
    body = forms.CharField(
        label=gettext_lazy("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=5000
    )
    include_waitlist = forms.BooleanField(
        label=gettext_lazy("Écrire aussi aux personnes en liste d’attente"), required=False
    )


@login_required
@require_http_methods(["GET", "POST"])
def message(request, event_id):
    event = _event_for_facilitator(request, event_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = emails.send_message_to_participants(
            event,
            form.cleaned_data["subject"],
            form.cleaned_data["body"],
            request.user,
            include_waitlist=form.cleaned_data["include_waitlist"],
        )
        if count:
            messages.success(
                request,
                ngettext(
                    "Message envoyé à %(count)s personne.",
                    "Message envoyé à %(count)s personnes.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.warning(request, _("Personne n’est inscrit : aucun message envoyé."))
        return redirect("events:participants", event_id=event.pk)
    return render(
        request,
        "events/facilitator/message.html",
        {
            "event": event,
            "form": form,
            "confirmed_count": _registrations(event, Registration.Status.CONFIRMED).count(),
            "waitlist_count": _registrations(event, Registration.Status.WAITLIST).count(),
        },
    )


# --- Satisfaction survey (link received by e-mail, no login needed) ------------------------------


class SurveyForm(DsfrBaseForm):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Quelle note donnez-vous à cet événement ?"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("De 1 (pas du tout satisfaisant) à 5 (très satisfaisant)."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Un commentaire, une suggestion ?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@require_http_methods(["GET", "POST"])
def survey(request, token):
    try:
        pk = signing.loads(token, salt=emails.SURVEY_SALT, max_age=SURVEY_MAX_AGE)
    except signing.SignatureExpired:
        return render(request, "events/survey.html", {"expired": True}, status=410)
    except signing.BadSignature:
        raise Http404(_("Ce lien de questionnaire n’est pas valide.")) from None
    registration = Registration.objects.select_related("event", "user").filter(pk=pk).first()
    if registration is None:
        raise Http404(_("Ce lien de questionnaire n’est pas valide."))
    event = registration.event
    already = SurveyAnswer.objects.filter(registration=registration).exists()
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and not already and form.is_valid():
        try:
            with transaction.atomic():
                SurveyAnswer.objects.create(
                    registration=registration,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
        except IntegrityError:
            already = True
        else:
            messages.success(request, _("Merci ! Votre réponse est enregistrée."))
            return redirect("events:survey", token=token)
    if already and request.method == "POST":
        messages.info(request, _("Vous avez déjà répondu à ce questionnaire : merci !"))
        return redirect("events:survey", token=token)
    return render(
        request,
        "events/survey.html",
        {"event": event, "form": form, "already": already, "registration": registration},
    )
