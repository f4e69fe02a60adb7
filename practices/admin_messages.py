"""What the admin says after a decision on a practice sheet's workflow.

Wagtail 8 says « La page … a été mise à jour. » after any workflow action taken from the edit
page, « … a été soumise pour modération. » after a submission, and nothing at all after an
action taken from the dashboard (``WorkflowActionView``). For a sheet, the admin says what
happened instead (with non-breaking spaces before « : » and inside « »):

- sent: « Fiche envoyée pour validation » (again after a restart);
- « Valider » at the référent step: « Fiche validée : envoyée à l’équipe d’animation »;
- « Demander des modifications »: « Modifications demandées à l’équipe »;
- the last step approved: « Fiche publiée ».

``replace_wagtail_message`` swaps Wagtail's message for ours (``practices.wagtail_hooks``,
hook ``after_edit_page``); ``SheetWorkflowActionView`` adds ours after a dashboard action."""

from django.contrib import messages as django_messages
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import TaskState

from practices.workflow import PUBLICATION_TASK_NAME

# Wagtail's messages (its own msgids, hence its French translations) after these actions of the
# edit view.
WAGTAIL_SUBMITTED = "Page '%(page_title)s' has been submitted for moderation."
WAGTAIL_RESTARTED = "Workflow on page '%(page_title)s' has been restarted."
WAGTAIL_UPDATED = "Page '%(page_title)s' has been updated."


def _approval_outcome(page) -> str:
    state = page.current_workflow_state  # in progress or waiting for changes; else finished
    if state is None:
        return (
            _("Fiche publiée") if page.live else _("Fiche approuvée\u00a0: publication programmée")
        )
    task_state = state.current_task_state
    task_name = task_state.task.name if task_state else ""
    if task_name == PUBLICATION_TASK_NAME:
        return _("Fiche validée\u00a0: envoyée à l’équipe d’animation")
    return _("Fiche validée\u00a0: envoyée à l’étape «\u00a0%(step)s\u00a0»") % {"step": task_name}


def outcome(page, action: str) -> tuple[str, list]:
    """The message (and its buttons) once ``action`` — ``submit``, ``restart``, ``approve`` or
    ``reject`` — was done on the sheet ``page``, read again for its new state."""
    page = type(page).objects.get(pk=page.pk)
    buttons = []
    if action in ("submit", "restart"):
        text = (
            _("Fiche envoyée pour validation")
            if action == "submit"
            else _("Fiche envoyée de nouveau pour validation")
        )
        view_draft = reverse("wagtailadmin_pages:view_draft", args=(page.pk,))
        buttons.append(messages.button(view_draft, _("Voir le brouillon")))
    elif action == "reject":
        text = _("Modifications demandées à l’équipe")
    else:
        text = _approval_outcome(page)
        if page.live and page.url:
            buttons.append(messages.button(page.url, _("Voir la fiche")))
    title = page.get_admin_display_title()
    return _("%(outcome)s («\u00a0%(title)s\u00a0»).") % {"outcome": text, "title": title}, buttons


def replace_wagtail_message(request, page, wagtail_msgid: str, action: str) -> bool:
    """Swap Wagtail's success message ``wagtail_msgid`` about ``page``, added by this request,
    for ours; the other messages are kept as they are, in their order. ``False`` when Wagtail's
    message is not there (nothing is changed then)."""
    wagtail_text = conditional_escape(
        _(wagtail_msgid) % {"page_title": page.get_admin_display_title()}
    )
    pending = list(django_messages.get_messages(request))  # read: each is added back below
    found = any(wagtail_text in str(message.message) for message in pending)
    for message in pending:
        if found and wagtail_text in str(message.message):
            text, buttons = outcome(page, action)
            messages.success(request, text, buttons=buttons, extra_tags=message.extra_tags)
        else:
            django_messages.add_message(
                request, message.level, message.message, extra_tags=message.extra_tags
            )
    return found


class SheetWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action view (the dashboard's « Valider », « Demander des
    modifications »…), which then says what happened."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:  # the action was taken
            text, buttons = outcome(self.object, self.action_name)
            messages.success(request, text, buttons=buttons)
        return response
