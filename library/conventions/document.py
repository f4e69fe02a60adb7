"""The convention assembled from a complete draft (``build_document``), which the exports turn
into DOCX and PDF, and the notices it carries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from library.conventions.drafts import (
    STEP_LABELS,
    chosen_clauses,
    incomplete_steps,
    missing_variables,
)
from library.conventions.models import ConventionDraft, Section
from library.conventions.services import (
    ConventionError,
    MissingVariables,
    all_values,
    clean_value,
    fill,
)

DRAFT_NOTICE = _l("Document de travail à faire relire par vos services juridiques et votre DPO.")
DEMO_NOTICE = _l(
    "Les textes de ce modèle sont une rédaction fictive de démonstration : ils ne constituent "
    "pas un avis juridique et ne doivent pas être signés en l’état."
)


@dataclass
class Article:
    number: int
    title: str
    paragraphs: list[str]


@dataclass
class ConventionDocument:
    title: str
    model_title: str
    parties: list[dict]
    preamble: list[str]
    articles: list[Article]
    data_categories: list[str]
    persons: list[str]
    retention: str
    security: list[str]
    notices: list[str]
    is_demo: bool
    generated_at: object = field(default_factory=timezone.now)


def _paragraphs(text: str) -> list[str]:
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block]


def build_document(draft: ConventionDraft) -> ConventionDocument:
    """Assemble the convention; raise ConventionError if a step is incomplete and
    MissingVariables if a variable is empty."""
    incomplete = [slug for slug in incomplete_steps(draft) if slug != "variables"]
    if incomplete:
        raise ConventionError(
            _("Le projet n’est pas complet : terminez l’étape « %(step)s ».")
            % {"step": STEP_LABELS[incomplete[0]]}
        )
    answers = draft.answers or {}
    values = all_values(answers)
    chosen = chosen_clauses(draft)
    missing = missing_variables(draft)
    if missing:
        raise MissingVariables(missing)
    preamble, articles = [], []
    for item in chosen:
        paragraphs = _paragraphs(fill(item.version.text, values))
        if item.model_section.section == Section.PARTIES:
            preamble.extend(paragraphs)
        else:
            articles.append(Article(len(articles) + 1, item.section_label, paragraphs))
    is_demo = draft.convention_model.is_demo or any(item.clause.is_demo for item in chosen)
    notices = [str(DRAFT_NOTICE)]
    if is_demo:
        notices.insert(0, str(DEMO_NOTICE))
    return ConventionDocument(
        title=clean_value(draft.title),
        model_title=draft.convention_model.title,
        parties=[
            {
                key: clean_value(party.get(key))
                for key in ("name", "representative", "role", "contact")
            }
            for party in answers.get("parties") or []
        ],
        preamble=preamble,
        articles=articles,
        data_categories=[clean_value(x) for x in answers.get("data_categories") or []],
        persons=[clean_value(x) for x in answers.get("persons") or []],
        retention=clean_value(answers.get("retention")),
        security=[clean_value(x) for x in answers.get("security") or []],
        notices=notices,
        is_demo=is_demo,
    )


def export_filename(draft: ConventionDraft, extension: str) -> str:
    return f"{slugify(draft.title)[:80] or 'convention'}.{extension}"
