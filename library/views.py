"""Views of the library: the list (/bibliotheque/), a document's page, the proposal and
new-version forms, and the file download (the ONLY way a library file leaves the server)."""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from dsfr.utils import list_pages

from library import notifications, permissions, services
from library.filters import DocumentFilter
from library.forms import ProposalForm, VersionForm
from library.models import LibraryDocumentPage, LibraryIndexPage
from website import member_cache, page_views

PER_PAGE = 20


def card_queryset(queryset):
    from library.models import DocumentVersion

    return queryset.select_related("kind", "territory").prefetch_related(
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.filter(
                status=DocumentVersion.Status.APPROVED
            ).order_by("-number"),
        )
    )


def _index_url(request, index):
    return index.get_url(request) or "/bibliotheque/"


# --- /bibliotheque/ -------------------------------------------------------------------------------


@page_views.handles(LibraryIndexPage, "document_list")
def document_list(request, index):
    user = request.user
    document_filter = DocumentFilter(request.GET, permissions.visible_documents(user))
    page_obj = Paginator(card_queryset(document_filter.results()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    if page_obj.paginator.num_pages > 1:
        list_pages(page_obj)
    index_url = _index_url(request, index)
    context = index.get_context(request)
    context.update(
        {
            "filters": document_filter,
            "facets": document_filter.facet_views(),
            "active_filters": document_filter.active_filters(),
            "notices": document_filter.notices,
            "page_obj": page_obj,
            "documents": page_obj.object_list,
            "index_url": index_url,
            "reset_url": index_url,
            "filter_query": document_filter.querystring(),
            "propose_url": index_url + index.reverse_subpage("propose_view"),
            "can_propose": permissions.can_propose(user),
            "show_restricted_hint": not permissions.is_referent_reader(user),
        }
    )
    member_cache.mark_cacheable(request, index)
    return TemplateResponse(request, "library/library_index_page.html", context)


# --- A document's page ----------------------------------------------------------------------------


@page_views.handles(LibraryDocumentPage, "document_context")
def document_context(request, document) -> dict:
    from library.models import DocumentVersion

    user = request.user
    versions = list(document.versions.select_related("uploaded_by").order_by("-number"))
    approved = [v for v in versions if v.status == DocumentVersion.Status.APPROVED]
    current = approved[0] if approved else None
    show_pending = permissions.can_view_draft(user, document)
    history = [v for v in versions if v.status == DocumentVersion.Status.APPROVED or show_pending]
    can_download = permissions.can_download(user, document)
    document.__dict__["current_version"] = current
    tags = [
        (label, list(getattr(document, field).all()))
        for field, label in (
            ("audiences", _("Publics")),
            ("barriers", _("Freins")),
            ("benefits", _("Droits et prestations")),
            ("action_types", _("Types d’action")),
            ("partners", _("Partenaires")),
        )
    ]
    parent = document.get_parent()
    return {
        "current_version": current,
        "versions": history,
        "can_download": can_download,
        "access_refusal": "" if can_download else permissions.access_refusal(user, document),
        "can_add_version": permissions.can_add_version(user, document),
        "add_version_url": document.url + document.reverse_subpage("add_version_view")
        if document.url
        else "",
        "can_manage_versions": permissions.can_manage_versions(user),
        "tag_groups": [(label, terms) for label, terms in tags if terms],
        "index_url": parent.url if parent else "/bibliotheque/",
    }


@page_views.handles(LibraryDocumentPage, "add_version")
def add_version(request, document):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_add_version(user, document):
        raise PermissionDenied(
            _(
                "Seuls l’équipe d’animation et les membres du territoire qui a proposé ce "
                "document peuvent en déposer une nouvelle version."
            )
        )
    needs_validation = permissions.version_needs_validation(user, document)
    form = VersionForm(request.POST or None, request.FILES or None, document=document)
    if request.method == "POST" and form.is_valid():
        from library.models import DocumentVersion

        data = form.cleaned_data
        try:
            version = services.add_version(
                document,
                data["file"],
                user,
                label=data.get("version_label", ""),
                published_on=data.get("published_on"),
                notes=data.get("notes", ""),
                status=DocumentVersion.Status.PENDING
                if needs_validation
                else DocumentVersion.Status.APPROVED,
                prepared=form.prepared,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if needs_validation:
                notifications.version_proposed(version, user=user)
                messages.success(
                    request,
                    _(
                        "Merci : la nouvelle version est transmise à l’équipe d’animation, qui "
                        "la validera. Un e-mail vous préviendra de sa décision."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("La nouvelle version (« %(label)s ») remplace la précédente.")
                    % {"label": version.display_label},
                )
            return redirect(document.url)
    return TemplateResponse(
        request,
        "library/version_form.html",
        {
            "document": document,
            "form": form,
            "needs_validation": needs_validation,
            "page": document,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Proposing a document -------------------------------------------------------------------------


@page_views.handles(LibraryIndexPage, "propose")
def propose(request, index):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = permissions.why_cannot_propose(user)
    if refusal:
        raise PermissionDenied(refusal)
    territories = permissions.proposal_territories(user)
    form = ProposalForm(request.POST or None, request.FILES or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.propose_document(
                user, index, form.cleaned_data, form.cleaned_data["file"], form.prepared
            )
        except ValidationError as error:
            form.add_error("file", error)
        except services.LibraryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Merci : « %(title)s » est transmis à l’équipe d’animation. Il sera visible "
                    "dans la bibliothèque dès qu’il aura été validé ; un e-mail vous préviendra."
                )
                % {"title": document.title},
            )
            return redirect(_index_url(request, index))
    return TemplateResponse(
        request,
        "library/proposal_form.html",
        {"form": form, "page": index, "index_url": _index_url(request, index)},
        status=400 if request.method == "POST" else 200,
    )


# --- Files ----------------------------------------------------------------------------------------


def _content_disposition(filename: str) -> str:
    return f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"


@require_GET
def download(request, version_id, filename):
    """/bibliotheque/fichiers/<version>/<name>: checks access, counts, serves as attachment.

    A file that this person may not fetch (draft or pending proposal, page restricted by Wagtail,
    access level) answers exactly like a missing one: 404 (``website.page_access``)."""
    from library.models import DocumentVersion

    version = DocumentVersion.objects.select_related("document").filter(pk=version_id).first()
    if version is None or not permissions.can_fetch_file(request, version.document, version):
        raise Http404
    document = version.document
    if filename != version.download_name:
        return redirect(version.get_download_url())
    services.record_download(version)
    content_type = version.content_type or mimetypes.guess_type(filename)[0]
    prefix = getattr(settings, "PRIVATE_FILES_X_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{quote(version.file.name)}"
    else:
        try:
            handle = version.file.open("rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = _content_disposition(version.download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if document.access != "public" else "private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
