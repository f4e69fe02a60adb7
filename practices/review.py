"""The review of a practice sheet on the site (« Relire la fiche », ``practices:review``): the
sheet as it will be published, section by section, with what changed since its published
version (``practices.review_diff``); the decision of the step it waits at, taken through
Wagtail's workflow (so the history, the e-mails of ``practices.notifications`` and the admin stay
in step), with a comment per section kept as ``ReviewComment``; and ``open_comments``, the
comments the team has to address, for the guided form.

Who may decide is ``practices.permissions.can_moderate_task_state``."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from practices import permissions, review_diff
from practices.models import ReviewComment
from practices.sections import SECTIONS, Section

APPROVE = "approve"
REJECT = "reject"
DECISIONS = (APPROVE, REJECT)
# What a decision did.
SENT_ON = "sent-on"
CHANGES_REQUESTED = "changes-requested"
PUBLISHED = "published"


class DecisionRefused(Exception):  # noqa: N818 - a refusal, told to the person as it is
    """The decision cannot be applied; ``message`` says why, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyDecided(DecisionRefused):
    """Someone decided on this step meanwhile, or the sheet is no longer waiting at it."""


class SheetChanged(DecisionRefused):
    """The sheet was modified since the page was shown: what was read is not what is decided."""


# --- The page ------------------------------------------------------------------------------------


@dataclass
class DisplayField:
    """A field of the sheet as it will be published; ``kind`` tells the template how to show it:
    "plain", "multiline", "rich", "stream", "terms", "results", "attachments"."""

    name: str
    label: str
    kind: str
    value: object = None
    columns: list[str] = field(default_factory=list)


@dataclass
class Part:
    """A section of the review page: the fields, what changed, the comment's form field."""

    section: Section
    fields: list[DisplayField]
    changes: list[review_diff.Change]
    comment: object = None  # the bound form field, set by the view


def display_field(name, draft, lookups) -> DisplayField:
    from django.db import models
    from modelcluster.fields import ParentalManyToManyField
    from wagtail.fields import RichTextField, StreamField

    model = type(draft)
    label = review_diff.field_label(model, name)
    if name == "results":
        rows = [review_diff.result_cells(line, lookups) for line in draft.results.all()]
        return DisplayField(name, label, "results", rows, review_diff.result_columns())
    if name == "attachments":
        items = []
        for item in draft.attachments.all():
            document = lookups.documents.get(item.document_id)
            title = item.title or getattr(document, "title", "")
            items.append({"title": title, "url": document.url if document else ""})
        return DisplayField(name, label, "attachments", items)
    model_field = model._meta.get_field(name)
    if isinstance(model_field, ParentalManyToManyField):
        return DisplayField(name, label, "terms", review_diff.term_labels(draft, name))
    if isinstance(model_field, StreamField):
        return DisplayField(name, label, "stream", getattr(draft, name))
    if isinstance(model_field, RichTextField):
        return DisplayField(name, label, "rich", getattr(draft, name))
    if isinstance(model_field, models.TextField):
        return DisplayField(name, label, "multiline", getattr(draft, name))
    return DisplayField(name, label, "plain", review_diff.plain_value(draft, model_field))


def review_parts(sheet):
    """``(draft, is_new, parts)``: the latest revision as a page (what
    ``get_latest_revision_as_object`` gives, read with a constant number of queries:
    ``review_diff.sheet_version``), whether the sheet was never published (no published version
    to compare with), and the sections of the review."""
    live, draft, lookups = review_diff.versions_of(sheet)
    changes = review_diff.section_changes(live, draft, lookups)
    parts = [
        Part(
            section=section,
            fields=[display_field(name, draft, lookups) for name in section.fields],
            changes=changes[section.slug],
        )
        for section in SECTIONS
    ]
    return draft, live is None, parts


def is_last_step(task_state) -> bool:
    """Is this the last active step of its workflow (its approval publishes the sheet)."""
    tasks = list(task_state.workflow_state.workflow.tasks.filter(active=True).values_list("pk"))
    return bool(tasks) and tasks[-1][0] == task_state.task_id


def sheet_state_label(sheet) -> str:
    """Where a sheet that waits for no decision stands, in a sentence."""
    state = sheet.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return _(
            "Des modifications ont été demandées à l’équipe\u00a0: la fiche attend qu’elle "
            "la renvoie."
        )
    if sheet.live and sheet.has_unpublished_changes:
        return _("Publiée\u00a0; l’équipe prépare une nouvelle version, pas encore envoyée.")
    if sheet.live:
        return _("Publiée.")
    return _("Brouillon\u00a0: l’équipe ne l’a pas encore envoyée pour validation.")


# --- The decision --------------------------------------------------------------------------------


def combined_comment(comments: dict[str, str]) -> str:
    """The comments in one text for the workflow's history and e-mails: the general one first,
    then « L’action : … » for each section, in the sheet's order."""
    lines = [comments[""]] if comments.get("") else []
    for section in SECTIONS:
        if comments.get(section.slug):
            lines.append(f"{section.label}\u00a0: {comments[section.slug]}")
    return "\n\n".join(lines)


def _locked_task_state(sheet, task_state_id):
    """The step, locked until the end of the transaction; refused unless still waiting."""
    task_state = TaskState.objects.select_for_update().filter(pk=task_state_id).first()
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise AlreadyDecided(_("Une décision a déjà été prise sur cette fiche à cette étape."))
    workflow_state = task_state.workflow_state
    if (
        workflow_state.object_id != str(sheet.pk)
        or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS
        or workflow_state.current_task_state_id != task_state.pk
    ):
        raise AlreadyDecided(_("La fiche n’attend plus de décision à cette étape."))
    return task_state


@transaction.atomic
def decide(sheet, user, task_state_id, decision, comments, revision_id=None) -> str:
    """Apply ``decision`` (APPROVE or REJECT) of ``user`` at the step ``task_state_id`` of the
    sheet, with ``comments`` ({section slug or "": text}); return SENT_ON, CHANGES_REQUESTED or
    PUBLISHED. Refused (``DecisionRefused``) when the step was decided meanwhile or the sheet
    changed since ``revision_id`` was shown; nothing is applied twice."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    comments = {slug: text.strip() for slug, text in comments.items() if text and text.strip()}
    if decision == REJECT and not comments:
        raise ValueError("changes are requested with at least one comment")
    task_state = _locked_task_state(sheet, task_state_id)
    if not permissions.can_moderate_task_state(user, sheet, task_state):
        raise PermissionDenied
    latest = Page.objects.filter(pk=sheet.pk).values_list("latest_revision_id", flat=True).first()
    if revision_id is not None and latest != revision_id:
        raise SheetChanged(
            _(
                "La fiche a été modifiée depuis que vous l’avez ouverte\u00a0: relisez-la "
                "avant de décider."
            )
        )
    ReviewComment.objects.bulk_create(
        ReviewComment(
            sheet_id=sheet.pk, task_state=task_state, section=slug, body=body, author=user
        )
        for slug, body in comments.items()
    )
    task = task_state.task.specific
    task.on_action(task_state, user, decision, comment=combined_comment(comments))
    if decision == REJECT:
        return CHANGES_REQUESTED
    status = WorkflowState.objects.filter(pk=task_state.workflow_state_id).values_list(
        "status", flat=True
    )[0]
    return PUBLISHED if status == WorkflowState.STATUS_APPROVED else SENT_ON


def outcome_message(outcome: str) -> str:
    return {
        SENT_ON: _(
            "Fiche envoyée à l’équipe d’animation. Elle la relira avant de la publier\u00a0; "
            "l’équipe du territoire sera prévenue de sa décision."
        ),
        CHANGES_REQUESTED: _(
            "Modifications demandées à l’équipe. Elle reçoit vos commentaires par e-mail et "
            "vous renverra la fiche une fois modifiée."
        ),
        PUBLISHED: _("Fiche publiée. L’équipe du territoire en est prévenue par e-mail."),
    }[outcome]


# --- For the guided form -------------------------------------------------------------------------


def open_comments(sheet) -> dict[str, list[ReviewComment]]:
    """The comments of the latest « changes requested » decision on the sheet, by section slug
    ("" for the general comment), general first then in the sheet's order; empty once the
    sheet is resubmitted or published. When changes were requested from Wagtail's admin (no
    comment by section), its comment is the general one (an unsaved ``ReviewComment``)."""
    state = (
        sheet.workflow_states.filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
        .select_related("current_task_state__finished_by")
        .first()
    )
    task_state = state.current_task_state if state else None
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return {}
    comments = list(ReviewComment.objects.filter(task_state=task_state).select_related("author"))
    if not comments and task_state.comment.strip():
        comments = [
            ReviewComment(
                sheet_id=sheet.pk,
                task_state=task_state,
                section="",
                body=task_state.comment.strip(),
                author=task_state.finished_by,
                created_at=task_state.finished_at,
            )
        ]
    order = {"": -1, **{section.slug: index for index, section in enumerate(SECTIONS)}}
    grouped: dict[str, list[ReviewComment]] = {}
    for comment in sorted(comments, key=lambda comment: order.get(comment.section, len(order))):
        grouped.setdefault(comment.section, []).append(comment)
    return grouped
