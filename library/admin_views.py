"""The admin's « Versions du fichier » view of a library document (/admin/bibliotheque/…):
the history of its files, the upload of a new version (checked like the front-end form) and the
validation of the versions proposed by territory teams. For facilitators and DGCS admins."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from library import notifications, permissions, services
from library.forms import VersionDecisionForm, VersionFieldsMixin


class AdminVersionForm(VersionFieldsMixin):
    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self._init_version_fields()


def _guard(request):
    if not permissions.can_manage_versions(request.user):
        raise PermissionDenied(
            _("Les versions des documents sont gérées par l’équipe d’animation.")
        )


def versions(request, page_id):
    from library.models import DocumentVersion, LibraryDocumentPage

    _guard(request)
    document = get_object_or_404(LibraryDocumentPage, pk=page_id)
    form = AdminVersionForm(request.POST or None, request.FILES or None, document=document)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.add_version(
                document,
                data["file"],
                request.user,
                label=data.get("version_label", ""),
                published_on=data.get("published_on"),
                notes=data.get("notes", ""),
                status=DocumentVersion.Status.APPROVED,
                prepared=form.prepared,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("Version « %(label)s » ajoutée.") % {"label": version.display_label}
            )
            return redirect("library_admin:versions", document.pk)
    return TemplateResponse(
        request,
        "library/admin/versions.html",
        {
            "document": document,
            "versions": document.versions.select_related("uploaded_by").order_by("-number"),
            "current_version": document.current_version,
            "form": form,
            "decision_form": VersionDecisionForm(),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[document.pk]),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def decide(request, version_id, decision):
    from library.models import DocumentVersion

    _guard(request)
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document", "uploaded_by"), pk=version_id
    )
    document = version.document
    if not version.is_pending:
        messages.warning(request, _("Cette version a déjà été traitée."))
        return redirect("library_admin:versions", document.pk)
    form = VersionDecisionForm(request.POST)
    comment = form.cleaned_data.get("comment", "") if form.is_valid() else ""
    with transaction.atomic():
        if decision == "valider":
            version.status = DocumentVersion.Status.APPROVED
            version.save(update_fields=["status"])
            notifications.version_decided(version, True, comment, user=request.user)
            messages.success(request, _("La version est publiée : elle remplace la précédente."))
        else:
            notifications.version_decided(version, False, comment, user=request.user)
            services.delete_version(version)
            messages.success(
                request, _("La version est refusée ; la personne qui l’a déposée est prévenue.")
            )
    return redirect("library_admin:versions", document.pk)
