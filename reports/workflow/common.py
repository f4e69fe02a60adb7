"""What the report's pages share: finding the territory's year (404 when the territory does not
exist), the version shown, and the detail page's context (rendered again, with the errors, when
a decision or a correction is refused)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Territory
from reports import permissions, services
from reports.models import Report, ReportEvent, ReportingCampaign
from reports.workflow import tables
from reports.workflow.forms import CorrectionForm, DecisionForm

MIN_YEAR, MAX_YEAR = 2020, 2100


def territory_or_404(slug: str, year: int) -> Territory:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return get_object_or_404(Territory, slug=slug)


def shown_report(user, territory, year: int) -> Report | None:
    """The version this person reads: the open one for the team (and the people who follow it),
    the validated one for everyone else."""
    report = services.current_report(territory, year)
    if report is not None and not permissions.can_view_report(user, report):
        report = (
            Report.objects.filter(territory=territory, year=year, status=Report.Status.VALIDATED)
            .order_by("-version")
            .first()
        )
    return report


def open_report_or_404(user, slug: str, year: int) -> Report:
    """The current report, for the pages that act on it (403 for people who may not see it)."""
    territory = territory_or_404(slug, year)
    report = services.current_report(territory, year)
    if report is None:
        raise Http404
    if not permissions.can_view_report(user, report):
        raise PermissionDenied(
            _(
                "Ce bilan n’est pas encore validé\u00a0: seuls l’équipe du territoire et ses "
                "référents le voient."
            )
        )
    report.territory = territory
    return report


def detail_url(report) -> str:
    return reverse("reports:detail", args=[report.territory.slug, report.year])


def actions(user, report: Report, versions) -> dict:
    has_open = any(v.is_open for v in versions)
    return {
        "can_edit": permissions.can_edit(user, report),
        "can_submit": permissions.can_submit(user, report),
        "can_validate": permissions.can_validate(user, report),
        "can_correct": permissions.can_open_correction(user, report) and not has_open,
        "edit_refusal": permissions.why_cannot_edit(user, report)
        if permissions.can_draft_for(user, report.territory)
        else None,
    }


def detail_context(request, territory, year, report, **extra) -> dict:
    versions = tables.versions_of(territory, year, request.user)
    context = {
        "territory": territory,
        "year": year,
        "report": report,
        "campaign": ReportingCampaign.objects.filter(year=year).first(),
        "versions": versions,
        "can_start": report is None and permissions.can_draft_for(request.user, territory),
    }
    if report is not None:
        report.territory = territory
        current = services.current_report(territory, year)
        is_older = current is not None and current.pk != report.pk and current in versions
        events = tables.history(versions)
        context.update(
            families=tables.value_table(report),
            events=events,
            changes_requested=next(
                (
                    e
                    for e in reversed(events)
                    if e.report_id == report.pk and e.kind == ReportEvent.Kind.CHANGES_REQUESTED
                ),
                None,
            ),
            older=is_older,
            current=current if is_older else None,
            decision_form=DecisionForm(),
            correction_form=CorrectionForm(),
            **({} if is_older else actions(request.user, report, versions)),
        )
    context.update(extra)
    return context


def render_detail(request, report, status=200, **extra):
    context = detail_context(request, report.territory, report.year, report, **extra)
    return render(request, "reports/workflow/detail.html", context, status=status)
