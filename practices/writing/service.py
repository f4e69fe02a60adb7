"""The rules of writing a sheet on the site.

- ``start_sheet``: a new draft page in the territory's folder (Wagtail gives it a unique slug
  from its title: nobody sees a slug), with its first revision;
- ``load_draft``: the latest revision of a sheet as a page object (what the team is writing);
- ``save_step``: one step's answers saved as a new revision, inside a transaction that locks
  the page row: if someone (or another tab) saved since the form was opened, nothing is saved
  and ``Conflict`` says who and when, unless the person confirmed they overwrite that revision;
  a draft never published keeps its row in step with the revision (as Wagtail's editor does);
  a published sheet stays online unchanged: the new revision waits for validation;
- ``missing_fields`` / ``submit``: « Envoyer pour validation » starts the sheets' workflow, or
  resumes it after changes were requested."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState

from practices.sections import SECTIONS


class WritingError(Exception):
    """A refused action; ``str(error)`` is the French message to show."""


@dataclass
class Conflict(Exception):
    """Someone saved the sheet since the step was opened."""

    revision: object

    @property
    def author(self) -> str:
        user = self.revision.user
        return (user.get_full_name() or user.email) if user else _("quelqu’un")


def start_sheet(user, territory, title: str, fields: dict):
    """A new draft sheet of ``territory`` with the first step's answers."""
    from practices.models import PracticeSheetPage
    from practices.services import ensure_territory_folder

    folder = ensure_territory_folder(territory)
    if folder is None:
        raise WritingError(_("La rubrique des fiches n’existe pas encore : prévenez l’équipe."))
    sheet = PracticeSheetPage(title=title, territory=territory, owner=user, live=False)
    for name, value in fields.items():
        setattr(sheet, name, value)
    with transaction.atomic():
        folder.add_child(instance=sheet)
        sheet.save_revision(user=user, log_action=True, clean=False)
    return sheet


def load_draft(sheet):
    """What the team is writing: the latest revision (the page itself when it has none)."""
    return sheet.get_latest_revision_as_object() if sheet.latest_revision_id else sheet


def is_locked_for(sheet, user) -> str:
    """The French reason why ``user`` may not change the sheet now ('' when they may)."""
    lock = sheet.get_lock()
    if lock is not None and lock.for_user(user):
        state = sheet.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            task = state.current_task_state.task if state.current_task_state else None
            return _(
                "Cette fiche est en validation (%(step)s) : elle ne peut pas être modifiée en ce "
                "moment. Si des modifications sont demandées, vous pourrez la reprendre."
            ) % {"step": task.name if task else _("en cours")}
        return _("Cette fiche est verrouillée : elle ne peut pas être modifiée en ce moment.")
    return ""


def save_step(sheet, user, apply, *, base_revision_id, overwrite_revision_id=None):
    """Apply ``apply(draft)`` to the latest revision and save it as a new one. ``Conflict`` if
    the latest revision is no longer ``base_revision_id`` (and the person did not confirm they
    overwrite exactly that newer revision)."""
    with transaction.atomic():
        row = (
            Page.objects.select_for_update().only("pk", "latest_revision", "title").get(pk=sheet.pk)
        )
        current = row.latest_revision_id
        if current != base_revision_id and current != overwrite_revision_id:
            from wagtail.models import Revision

            raise Conflict(Revision.objects.select_related("user").get(pk=current))
        reason = is_locked_for(sheet, user)
        if reason:
            raise WritingError(reason)
        draft = load_draft(sheet)
        apply(draft)
        if not draft.live:
            if not draft.first_published_at and draft.title != row.title:
                draft.slug = ""  # Wagtail makes a unique one from the new title
            draft.draft_title = draft.title
            draft.save()  # a draft: Wagtail checks the title and the slug only
        revision = draft.save_revision(user=user, log_action=True, clean=False)
    return revision


def missing_fields(draft) -> dict[str, list[str]]:
    """The required answers still missing, by section slug (the field labels)."""
    from django.core.exceptions import ValidationError

    errors: dict[str, list[str]] = {}
    try:
        draft.full_clean(exclude=["slug", "path", "depth", "url_path", "draft_title"])
    except ValidationError as error:
        for name in error.message_dict:
            section = next((s for s in SECTIONS if name in s.fields), None)
            if section is None:
                continue
            label = str(draft._meta.get_field(name).verbose_name)
            errors.setdefault(section.slug, []).append(label[:1].upper() + label[1:])
    return errors


def submit(sheet, user):
    """« Envoyer pour validation »: start the workflow, or resume it after changes."""
    with transaction.atomic():
        sheet = type(sheet).objects.select_for_update().get(pk=sheet.pk)
        reason = is_locked_for(sheet, user)
        if reason:
            raise WritingError(reason)
        state = sheet.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            raise WritingError(_("Cette fiche est déjà en validation."))
        if missing_fields(load_draft(sheet)):
            raise WritingError(_("La fiche n’est pas complète : voyez ce qui manque ci-dessous."))
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        else:
            workflow = sheet.get_workflow()
            if workflow is None:
                raise WritingError(
                    _("Aucun circuit de validation n’est défini : prévenez l’équipe.")
                )
            workflow.start(sheet, user)
    return sheet


def discard_draft(sheet, user):
    """Delete a draft never published (with its attachments used nowhere else)."""
    from practices.models import SheetAttachment

    if sheet.live or sheet.first_published_at:
        raise WritingError(_("Une fiche déjà publiée ne peut pas être supprimée ici."))
    draft = load_draft(sheet)
    documents = [line.document for line in draft.attachments.all() if line.document_id]
    with transaction.atomic():
        sheet.delete(user=user)
        for document in documents:
            if not SheetAttachment.objects.filter(document=document).exists():
                document.delete()
