"""« Relire la fiche » (``practices:review``, /fiches/relecture/<pk>/): the people who decide at
the step a sheet waits at read it as it will be published, with what changed, and decide
(« Valider » or « Publier », « Demander des modifications »), with a comment per section.
The rules are in ``practices.review``; who may is ``practices.permissions``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import TaskState

from accounts.forms import DsfrFormMixin
from practices import permissions, review
from practices.models import PracticeSheetPage
from practices.models.review import BODY_MAX_LENGTH
from practices.sections import SECTIONS

GENERAL = "commentaire_general"
CHOOSE_DECISION = gettext_lazy(
    "Choisissez «\u00a0Valider\u00a0» ou «\u00a0Demander des modifications\u00a0» "
    "en bas de la page."
)


def comment_field_name(slug: str) -> str:
    return f"commentaire_{slug}"


def _comment_field(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": gettext_lazy(
                "Votre commentaire est trop long\u00a0: %(limit_value)d caractères au plus "
                "(il en compte %(show_value)d)."
            )
        },
    )


class ReviewForm(DsfrFormMixin, forms.Form):
    """A comment per section, a general one, and the decision (the button pressed)."""

    task_state = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    decision = forms.ChoiceField(
        choices=[(review.APPROVE, review.APPROVE), (review.REJECT, review.REJECT)],
        widget=forms.HiddenInput,
        error_messages={"required": CHOOSE_DECISION, "invalid_choice": CHOOSE_DECISION},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            label = _("Votre commentaire sur «\u00a0%(section)s\u00a0»") % {
                "section": section.label
            }
            self.fields[comment_field_name(section.slug)] = _comment_field(label)
        self.fields[GENERAL] = _comment_field(
            _("Commentaire général"),
            _(
                "Pour demander des modifications, écrivez au moins un commentaire, ici ou sur "
                "une partie de la fiche."
            ),
        )

    def comments(self) -> dict[str, str]:
        data = self.cleaned_data
        comments = {"": data.get(GENERAL, "")}
        comments.update({s.slug: data.get(comment_field_name(s.slug), "") for s in SECTIONS})
        return comments

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == review.REJECT and not any(
            text.strip() for text in self.comments().values()
        ):
            self.add_error(
                GENERAL,
                _(
                    "Écrivez au moins un commentaire pour dire à l’équipe ce qu’elle doit "
                    "modifier, ici ou sur une partie de la fiche."
                ),
            )
        return cleaned


def error_links(form) -> list[tuple[str, str, str]]:
    """(anchor, label, message) of each field error, for the error summary."""
    links = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        if name in ("decision", "task_state", "revision"):
            links += [("decision", "", error) for error in errors]
        else:
            links += [(form[name].auto_id, form[name].label, error) for error in errors]
    return links


def _render(request, sheet, task_state, form, status=200):
    draft, is_new, parts = review.review_parts(sheet)
    for part in parts:
        part.comment = form[comment_field_name(part.section.slug)]
    context = {
        "sheet": sheet,
        "draft": draft,
        "is_new": is_new,
        "parts": parts,
        "form": form,
        "general": form[GENERAL],
        "error_links": error_links(form) if form.is_bound else [],
        "task_state": task_state,
        "last_step": review.is_last_step(task_state),
        "requested_by": task_state.workflow_state.requested_by,
    }
    return TemplateResponse(request, "practices/review/review.html", context, status=status)


def _not_waiting(request, sheet):
    if not permissions.can_review_sheet_at_some_step(request.user, sheet):
        raise Http404
    context = {"sheet": sheet, "state": review.sheet_state_label(sheet)}
    return TemplateResponse(request, "practices/review/not_waiting.html", context)


@login_required
def review_sheet(request, pk):
    sheet = get_object_or_404(PracticeSheetPage.objects.select_related("territory"), pk=pk)
    if request.method == "POST":
        return _decide(request, sheet)
    task_state = sheet.current_workflow_task_state
    if task_state is None:
        return _not_waiting(request, sheet)
    if not permissions.can_moderate_task_state(request.user, sheet, task_state):
        raise Http404
    form = ReviewForm(
        initial={"task_state": task_state.pk, "revision": sheet.latest_revision_id},
    )
    return _render(request, sheet, task_state, form)


def _posted_task_state(request, sheet):
    """The step the form was shown for (the current one when the form does not say)."""
    try:
        pk = int(request.POST.get("task_state", ""))
    except ValueError:
        return sheet.current_workflow_task_state
    return (
        TaskState.objects.for_instance(sheet)
        .select_related("workflow_state__requested_by", "task")
        .filter(pk=pk)
        .first()
    )


def _decide(request, sheet):
    task_state = _posted_task_state(request, sheet)
    if task_state is None:
        return _not_waiting(request, sheet)
    if not permissions.can_moderate_task_state(request.user, sheet, task_state):
        raise Http404
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        messages.warning(request, _("Une décision a déjà été prise sur cette fiche à cette étape."))
        return redirect("accounts:dashboard")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _render(request, sheet, task_state, form)
    try:
        outcome = review.decide(
            sheet,
            request.user,
            task_state.pk,
            form.cleaned_data["decision"],
            form.comments(),
            revision_id=form.cleaned_data.get("revision"),
        )
    except review.SheetChanged as refusal:
        # Shown again with the sheet as it is now; what was typed is kept.
        sheet.refresh_from_db()
        data = request.POST.copy()
        data["revision"] = str(sheet.latest_revision_id)
        form = ReviewForm(data)
        form.is_valid()
        form.add_error(None, refusal.message)
        return _render(request, sheet, task_state, form)
    except review.AlreadyDecided as refusal:
        messages.warning(request, refusal.message)
        return redirect("accounts:dashboard")
    messages.success(request, review.outcome_message(outcome))
    return redirect("accounts:dashboard")
