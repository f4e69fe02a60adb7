"""The sections of a practice sheet, as its writers and reviewers see them: the steps of the
guided form (« Proposer une fiche »), the parts of the review (what changed, a comment per
section) and of the « à modifier » comments. One list, used by both."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    label: str
    fields: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "action",
        _("L’action"),
        (
            "title",
            "summary",
            "organisation",
            "start_date",
            "end_date",
            "action_status",
            "maturity",
        ),
    ),
    Section(
        "publics-et-freins",
        _("Publics et freins"),
        ("audiences", "barriers", "benefits", "action_types", "partners"),
    ),
    Section("ce-qui-a-ete-fait", _("Ce qui a été fait"), ("context", "actions")),
    Section("resultats", _("Résultats"), ("results_not_measured", "results")),
    Section(
        "pour-reproduire",
        _("Pour reproduire"),
        (
            "staff_fte",
            "budget_range",
            "duration",
            "tools",
            "data_sharing",
            "data_sharing_partners",
            "data_sharing_details",
            "lessons_worked",
            "lessons_pitfalls",
            "replication",
        ),
    ),
    Section(
        "pieces-jointes-et-contacts", _("Pièces jointes et contacts"), ("attachments", "contacts")
    ),
)
BY_SLUG = {section.slug: section for section in SECTIONS}
SLUGS = tuple(section.slug for section in SECTIONS)


def section_of(field_name: str) -> Section | None:
    for section in SECTIONS:
        if field_name in section.fields:
            return section
    return None
