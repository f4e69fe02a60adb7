"""Load the vocabularies of ``data/taxonomy.yaml`` into the database, idempotently.

Existing terms keep the labels administrators gave them; missing terms are created."""

from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"


def read_vocabularies(path: Path = DATA_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_vocabularies(models_by_section: dict, data: dict | None = None) -> int:
    """``models_by_section`` maps a YAML section to a model class (real or historical)."""
    data = data if data is not None else read_vocabularies()
    created = 0
    for section, model in models_by_section.items():
        for position, item in enumerate(data.get(section) or []):
            extra = {"unit": item["unit"]} if "unit" in item else {}
            parent, was_created = model.objects.get_or_create(
                slug=item["slug"],
                defaults={"label": item["label"], "position": position, **extra},
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
