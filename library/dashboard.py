"""The « Mes propositions de documents » section of « Mon compte » (accounts.dashboard_sections):
the documents a person proposed to the library on behalf of a territory and their state
(published, under validation, changes requested, not published), and their new versions still
waiting for validation. Shown only to people who proposed something; two queries whatever the
volume."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState

SHOWN = 10


def documents_section(request) -> str:
    from library.models import DocumentVersion, LibraryDocumentPage

    user = request.user
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),  # not a snippet's state
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    documents = list(
        LibraryDocumentPage.objects.filter(owner=user, origin=LibraryDocumentPage.Origin.TERRITORY)
        .select_related("territory")
        .annotate(
            in_review=Exists(states.filter(status=WorkflowState.STATUS_IN_PROGRESS)),
            needs_changes=Exists(states.filter(status=WorkflowState.STATUS_NEEDS_CHANGES)),
        )
        .order_by("-first_published_at", "-pk")[: SHOWN + 1]
    )
    versions = list(
        DocumentVersion.objects.filter(uploaded_by=user, status=DocumentVersion.Status.PENDING)
        .select_related("document")
        .order_by("-created_at")[:SHOWN]
    )
    if not documents and not versions:
        return ""
    for document in documents:
        if document.live:
            document.state_label, document.state_class = _("Publié"), "fr-badge--success"
        elif document.in_review:
            document.state_label, document.state_class = (
                _("En attente de validation"),
                "fr-badge--info",
            )
        elif document.needs_changes:
            document.state_label, document.state_class = (
                _("Modifications demandées"),
                "fr-badge--warning",
            )
        else:
            document.state_label, document.state_class = _("Non publié"), "fr-badge--warning"
    return render_to_string(
        "library/dashboard_section.html",
        {"documents": documents[:SHOWN], "more": len(documents) > SHOWN, "versions": versions},
        request=request,
    )
