"""Load the vocabularies of ``data/taxonomy.yaml`` into the database, idempotently.

Existing terms keep the labels administrators gave them; missing terms are created. Optional keys
of an item (``unit``, and the definition of a result indicator: ``family``, ``value_kind``,
``definition``, ``counting_method``, ``data_source``, ``period``) are only used when the model —
real or historical, in a data migration — has that field, so that an early migration still loads
the file after later ones added keys to it."""

from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"

OPTIONAL_KEYS = (
    "unit",
    "description",
    "family",
    "value_kind",
    "definition",
    "counting_method",
    "data_source",
    "period",
)


def read_vocabularies(path: Path = DATA_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _optional_values(model, item: dict) -> dict:
    """The optional keys of ``item`` that ``model`` has a field for, stripped of spaces."""
    fields = {field.name for field in model._meta.concrete_fields}
    values = {}
    for key in OPTIONAL_KEYS:
        if key in item and key in fields:
            value = item[key]
            values[key] = value.strip() if isinstance(value, str) else value
    return values


def load_vocabularies(models_by_section: dict, data: dict | None = None) -> int:
    """``models_by_section`` maps a YAML section to a model class (real or historical)."""
    data = data if data is not None else read_vocabularies()
    created = 0
    for section, model in models_by_section.items():
        for position, item in enumerate(data.get(section) or []):
            parent, was_created = model.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    "label": item["label"],
                    "position": position,
                    **_optional_values(model, item),
                },
            )
            created += was_created
            for child_position, child in enumerate(item.get("children") or []):
                _child, child_created = model.objects.get_or_create(
                    slug=child["slug"],
                    defaults={
                        "label": child["label"],
                        "position": child_position,
                        "parent": parent,
                    },
                )
                created += child_created
    return created


def complete_vocabulary(
    model, section: str, data: dict | None = None, overwrite: tuple[str, ...] = ()
) -> int:
    """Create the missing terms of one flat section (result indicators, …) and fill the optional
    fields that are still empty on existing ones; never overwrite what administrators wrote,
    except the ``overwrite`` fields (for the migration that has just added them with a
    default). Returns the number of terms created."""
    from django.utils import timezone

    data = data if data is not None else read_vocabularies()
    created = load_vocabularies({section: model}, data)
    by_slug = {item["slug"]: item for item in data.get(section) or []}
    has_updated_at = any(f.name == "updated_at" for f in model._meta.concrete_fields)
    for term in model.objects.filter(slug__in=by_slug):
        values = _optional_values(model, by_slug[term.slug])
        changes = {
            name: value
            for name, value in values.items()
            if getattr(term, name) != value
            and (name in overwrite or getattr(term, name) in ("", None))
        }
        if changes:
            if has_updated_at:
                changes["updated_at"] = timezone.now()
            model.objects.filter(pk=term.pk).update(**changes)
    return created
