"""What changed in a practice sheet since its published version, section by section
(``practices.sections``) and field by field, for its review on the site (``practices.review``).

The two versions are Wagtail revisions turned into pages (the published one: ``live_revision``;
the one to decide on: the latest). Values become text to compare and to read:

- short fields (title, dates, choices, numbers): « avant » and « après »;
- long texts (plain text, rich text, the « Ce qui a été fait » blocks): their text, word by word,
  as pieces « same », « added », « removed » (shown with <ins>/<del> and spoken labels);
- vocabularies and contacts (many-to-many): the terms added and removed;
- result lines and attachments: rows added, removed or changed, cell by cell.

The related rows (indicators, documents) are fetched once for both versions, and the versions
are read without one query per line (``sheet_version``): the number of queries does not grow
with the number of lines."""

import difflib
import re
from dataclasses import dataclass, field

from django.db import models
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.fields import RichTextField, StreamField

from practices.sections import SECTIONS

RELATION_LABELS = {"results", "attachments"}
WORDS = re.compile(r"\s+|\w+|[^\w\s]+")


@dataclass
class Cell:
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class RowChange:
    status: str  # "added", "removed", "changed"
    cells: list[Cell]

    @property
    def status_label(self) -> str:
        return {"added": _("Ajouté"), "removed": _("Retiré"), "changed": _("Modifié")}[self.status]


@dataclass
class Change:
    """One field that changed; ``kind`` says which of the other attributes are filled."""

    name: str
    label: str
    kind: str  # "value", "text", "terms", "rows"
    before: str = ""
    after: str = ""
    pieces: list[tuple[str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)


@dataclass
class Lookups:
    """The rows the two versions point to, fetched once (indicators, documents)."""

    indicators: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)


def field_label(model, name: str) -> str:
    """The field's verbose name, capitalised; the plural name of a child relation."""
    model_field = model._meta.get_field(name)
    if name in RELATION_LABELS:
        return capfirst(model_field.related_model._meta.verbose_name_plural)
    return capfirst(model_field.verbose_name)


CHILD_RELATIONS = ("results", "attachments")


def sheet_version(sheet, revision):
    """``revision`` as a page, as ``revision.as_object()`` makes it (Wagtail's own
    ``with_content_json``), except for the result lines and attachments: modelcluster checks
    each of their foreign keys with one query per line; here they are read as they are, and the
    rows they point to are fetched in bulk (``lookups_for``). An attachment whose document was
    deleted is left out, as modelcluster would."""
    from modelcluster.models import model_from_serializable_data

    if revision is None:
        return sheet
    content = dict(revision.content)
    children = {name: content.pop(name, None) for name in CHILD_RELATIONS}
    version = sheet.with_content_json(content)
    for name, rows in children.items():
        if rows is None:
            continue
        model = type(sheet)._meta.get_field(name).related_model
        setattr(
            version,
            name,
            [model_from_serializable_data(model, row, check_fks=False) for row in rows],
        )
    return version


def lookups_for(*versions) -> Lookups:
    from wagtail.documents import get_document_model

    from taxonomy.models import ResultIndicator

    indicator_ids, document_ids = set(), set()
    for version in versions:
        if version is None:
            continue
        indicator_ids |= {line.indicator_id for line in version.results.all()}
        document_ids |= {item.document_id for item in version.attachments.all()}
    return Lookups(
        indicators=ResultIndicator.objects.in_bulk(indicator_ids) if indicator_ids else {},
        documents=get_document_model().objects.in_bulk(document_ids) if document_ids else {},
    )


def versions_of(sheet):
    """``(live, draft, lookups)``: the published version (``None`` if there is none), the
    latest revision (the sheet itself without revisions), the rows both point to."""
    from wagtail.models import Revision

    revisions = Revision.objects.in_bulk(
        [pk for pk in (sheet.latest_revision_id, sheet.live_revision_id) if pk]
    )
    draft = sheet_version(sheet, revisions.get(sheet.latest_revision_id))
    live_revision = revisions.get(sheet.live_revision_id)
    live = sheet_version(sheet, live_revision) if live_revision else None
    lookups = lookups_for(live, draft)
    for version in (live, draft):
        if version is not None:
            version.attachments = [
                item for item in version.attachments.all() if item.document_id in lookups.documents
            ]
    return live, draft, lookups


# --- Values as text ------------------------------------------------------------------------------


def plain_value(obj, model_field) -> str:
    """A short field's value as people read it."""
    value = getattr(obj, model_field.attname)
    if model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Oui") if value else _("Non")
    if value in (None, ""):
        return ""
    if isinstance(model_field, models.DateField):
        return formats.date_format(value, "j F Y")
    if isinstance(model_field, models.DecimalField):
        return floatformat(value, "-2g")
    return str(value)


def long_text(obj, model_field) -> str:
    """The text of a plain, rich text or StreamField field, one paragraph a line."""
    value = getattr(obj, model_field.attname)
    if isinstance(model_field, StreamField):
        parts = value.stream_block.get_searchable_content(value) if value else []
        return "\n".join(str(part).strip() for part in parts if str(part).strip())
    if isinstance(model_field, RichTextField):
        text = re.sub(r"</(p|h\d|li|blockquote)>|<br\s*/?>", "\n", value or "")
        return "\n".join(line.strip() for line in strip_tags(text).splitlines() if line.strip())
    return (value or "").strip()


def term_labels(obj, name: str) -> list[str]:
    return [_term_label(term) for term in getattr(obj, name).all()] if obj is not None else []


def _term_label(term) -> str:
    if hasattr(term, "get_full_name"):
        return term.get_full_name() or term.email
    return str(getattr(term, "label", term))


def is_long_text(model_field) -> bool:
    return isinstance(model_field, (models.TextField, StreamField))  # RichTextField included


def text_pieces(before: str, after: str) -> list[tuple[str, str]]:
    """``after`` word by word against ``before``: ("same" | "added" | "removed", text)."""
    old, new = WORDS.findall(before), WORDS.findall(after)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(new[new_start:new_end])))
            continue
        if old_end > old_start:
            pieces.append(("removed", "".join(old[old_start:old_end])))
        if new_end > new_start:
            pieces.append(("added", "".join(new[new_start:new_end])))
    return pieces


# --- Rows ----------------------------------------------------------------------------------------


def result_columns() -> list[str]:
    return [_("Indicateur"), _("Valeur"), _("Période"), _("Source ou méthode"), _("Commentaire")]


def result_cells(line, lookups: Lookups) -> list[str]:
    indicator = lookups.indicators.get(line.indicator_id)
    unit = getattr(indicator, "unit", "") or ""
    value = floatformat(line.value, "-2g") if line.value is not None else ""
    return [
        str(getattr(indicator, "label", "")),
        f"{value}\u00a0{unit}".strip() if value else "",
        line.period_text,
        line.source or "",
        line.comment or "",
    ]


def attachment_columns() -> list[str]:
    return [_("Document"), _("Titre affiché")]


def attachment_cells(item, lookups: Lookups) -> list[str]:
    document = lookups.documents.get(item.document_id)
    return [str(getattr(document, "title", "")), item.title or ""]


def _match_rows(old_items, new_items, key):
    """Pairs (old, new) of the same row: same primary key, else the same ``key``."""
    old_left = {item.pk: item for item in old_items if item.pk}
    pairs, unmatched_new = [], []
    for item in new_items:
        if item.pk and item.pk in old_left:
            pairs.append((old_left.pop(item.pk), item))
        else:
            unmatched_new.append(item)
    remaining_old = [item for item in old_items if not item.pk or item.pk in old_left]
    for item in unmatched_new:
        twin = next((old for old in remaining_old if key(old) == key(item)), None)
        if twin is not None:
            remaining_old.remove(twin)
        pairs.append((twin, item))
    pairs.extend((old, None) for old in remaining_old)
    return pairs


def row_changes(old_items, new_items, cells, key) -> list[RowChange]:
    changes = []
    for old, new in _match_rows(old_items, new_items, key):
        before = cells(old) if old is not None else None
        after = cells(new) if new is not None else None
        if before == after:
            continue
        if before is None:
            status, before = "added", [""] * len(after)
        elif after is None:
            status, after = "removed", [""] * len(before)
        else:
            status = "changed"
        cells_of_row = [Cell("", old, new) for old, new in zip(before, after, strict=True)]
        changes.append(RowChange(status, cells_of_row))
    return changes


# --- Fields and sections -------------------------------------------------------------------------


def field_change(name, live, draft, lookups: Lookups) -> Change | None:
    """How the field ``name`` changed from ``live`` to ``draft`` (``None``: it did not)."""
    model = type(draft)
    label = field_label(model, name)
    if name in RELATION_LABELS:
        columns, cells, key = _row_kind(name, lookups)
        old = list(getattr(live, name).all()) if live is not None else []
        rows = row_changes(old, list(getattr(draft, name).all()), cells, key)
        if not rows:
            return None
        for row in rows:
            for cell, column in zip(row.cells, columns, strict=True):
                cell.label = column
        return Change(name, label, "rows", columns=columns, rows=rows)
    model_field = model._meta.get_field(name)
    if isinstance(model_field, ParentalManyToManyField):
        old, new = term_labels(live, name), term_labels(draft, name)
        added = [term for term in new if term not in old]
        removed = [term for term in old if term not in new]
        if not added and not removed:
            return None
        return Change(name, label, "terms", added=added, removed=removed)
    if is_long_text(model_field):
        before = long_text(live, model_field) if live is not None else ""
        after = long_text(draft, model_field)
        if before == after:
            return None
        return Change(name, label, "text", before, after, pieces=text_pieces(before, after))
    before = plain_value(live, model_field) if live is not None else ""
    after = plain_value(draft, model_field)
    return None if before == after else Change(name, label, "value", before, after)


def _row_kind(name, lookups: Lookups):
    if name == "results":
        return (
            result_columns(),
            lambda line: result_cells(line, lookups),
            lambda line: (line.indicator_id, line.period_text),
        )
    return (
        attachment_columns(),
        lambda item: attachment_cells(item, lookups),
        lambda item: item.document_id,
    )


def section_changes(live, draft, lookups: Lookups | None = None) -> dict[str, list[Change]]:
    """The changes of each section (by slug) from ``live`` (``None``: never published) to
    ``draft``; an empty list for a section that did not change."""
    lookups = lookups or lookups_for(live, draft)
    return {
        section.slug: [
            change
            for name in section.fields
            if (change := field_change(name, live, draft, lookups)) is not None
        ]
        for section in SECTIONS
    }
