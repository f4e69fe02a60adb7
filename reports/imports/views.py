"""/bilans/<territoire>/<année>/importer/…: the upload of a filled collection template, its
row-by-row report, the confirmation (or not), the row-by-row report as a download."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import Territory
from reports import permissions, services
from reports.imports import checks, confirm, reading, review, sheets
from reports.imports.forms import UploadForm
from reports.imports.review import report_url
from reports.models import ReportImport
from reports.services import ReportError
from website.uploads import safe_filename

MIN_YEAR, MAX_YEAR = 2000, 2100


def territory_for(request, slug: str, year: int) -> Territory:
    """The territory of the address; 404 for an unknown one or an unlikely year."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return get_object_or_404(Territory, slug=slug)


def team_only(request, territory):
    """``None`` when the person is in the territory's team, else the answer to give."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_draft_for(request.user, territory):
        raise PermissionDenied(
            _("Seule l’équipe du territoire « %(territory)s » peut importer son bilan.")
            % {"territory": territory.name}
        )
    return None


def _read_upload(request, form, territory, year, report):
    """The pending import of a valid upload, or ``None`` with the error on the form."""
    uploaded = form.cleaned_data["fichier"]
    try:
        table = reading.read_table(uploaded)
    except reading.FileRefused as refused:
        form.add_error("fichier", str(refused))
        return None
    if report is None:
        report = services.start_report(territory, year, request.user)
    checked = checks.check_table(table, report)
    return ReportImport.objects.create(
        report=report,
        user=request.user,
        file_name=safe_filename(uploaded.name, default="modele-collecte")[:255],
        rows=checked.rows,
        problems=checked.problems,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def upload(request, territory, year):
    territory = territory_for(request, territory, year)
    refused = team_only(request, territory)
    if refused is not None:
        return refused
    report = services.current_report(territory, year)
    reason = permissions.why_cannot_edit(request.user, report) if report else None
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and reason is None and form.is_valid():
        pending = _read_upload(request, form, territory, year, report)
        if pending is not None:
            return redirect(
                "reports:import_review", territory=territory.slug, year=year, pk=pending.pk
            )
    return render(
        request,
        "reports/imports/upload.html",
        {
            "territory": territory,
            "year": year,
            "report": report,
            "reason": reason,
            "form": form,
            "report_url": report_url(report) if report else "",
            "expected_columns": reading.expected_columns(),
            "reminder_year": year - 1,
        },
        status=400 if form.errors else 200,
    )


def pending_import(request, territory, year, pk) -> ReportImport:
    """The import of this report (404 otherwise), for its territory's team."""
    territory = territory_for(request, territory, year)
    pending = get_object_or_404(
        ReportImport.objects.select_related("report__territory", "report__corrects"),
        pk=pk,
        report__territory=territory,
        report__year=year,
    )
    return pending


def _decide(request, pending):
    action = request.POST.get("action")
    try:
        if action == "importer":
            confirm.confirm(pending, request.user)
            count = len(pending.rows)
            messages.success(
                request,
                ngettext(
                    "%(count)s valeur importée dans le bilan. Vérifiez-le, puis envoyez-le "
                    "pour validation quand il est complet.",
                    "%(count)s valeurs importées dans le bilan. Vérifiez-le, puis envoyez-le "
                    "pour validation quand il est complet.",
                    count,
                )
                % {"count": count},
            )
            return redirect(report_url(pending.report))
        if action == "abandonner":
            confirm.cancel(pending)
            messages.info(request, _("Import abandonné : rien n’a été enregistré dans le bilan."))
            return redirect("reports:import", pending.report.territory.slug, pending.report.year)
    except ReportError as error:
        return str(error)
    return _("Choisissez « Importer » ou « Abandonner ».")


@require_http_methods(["GET", "HEAD", "POST"])
def review_page(request, territory, year, pk):
    pending = pending_import(request, territory, year, pk)
    refused = team_only(request, pending.report.territory)
    if refused is not None:
        return refused
    error = None
    if request.method == "POST":
        answer = _decide(request, pending)
        if not isinstance(answer, str):
            return answer
        error = answer
        pending.refresh_from_db()
    context = review.context(pending, request.user)
    context["error"] = error
    return render(request, "reports/imports/review.html", context, status=400 if error else 200)


@require_safe
def problems_download(request, territory, year, pk, fmt):
    pending = pending_import(request, territory, int(year), int(pk))
    refused = team_only(request, pending.report.territory)
    if refused is not None:
        return refused
    headers = [_("Ligne"), _("Colonne"), _("Niveau"), _("Message")]
    rows = [
        [
            problem["row"],
            problem["column"],
            str(checks.LEVELS.get(problem["level"], "")),
            problem["message"],
        ]
        for problem in pending.problems
    ]
    stem = safe_filename(pending.file_name).rsplit(".", 1)[0]
    return sheets.table_download(
        fmt, f"compte-rendu-{stem}.{fmt}", _("Compte rendu"), headers, rows
    )
