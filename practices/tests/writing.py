"""Helpers of the guided form's tests: posting a step as the form would."""

from django.urls import reverse

from practices.models import PracticeSheetPage

MINIMAL_ACTION = {
    "title": "Un bus des droits au marché",
    "summary": "Un bus France services stationne au marché chaque jeudi.",
    "organisation": "CCAS d’Aville",
    "action_status": "en-cours",
    "maturity": "testee",
}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def step_url(sheet, slug):
    return reverse("practices:write_step", args=[sheet.pk, slug])


def fresh(sheet):
    return PracticeSheetPage.objects.get(pk=sheet.pk)


def latest(sheet):
    return fresh(sheet).get_latest_revision_as_object()


def post_step(client, sheet, slug, data, **extra):
    """POST a step with the revision the form was opened at (the current one by default)."""
    payload = {"revision": fresh(sheet).latest_revision_id, "suivant": "1", **data, **extra}
    return client.post(step_url(sheet, slug), payload)


def propose(client, **data):
    return client.post(reverse("practices:propose"), {**MINIMAL_ACTION, **data})
