"""Generate N practice sheets fast, for benchmarks (not for demo data).

Sheets are inserted with treebeard's ``add_child`` but without revisions, search indexing or
reference indexing, which dominate the cost of creating pages one by one."""

import random
import time

from django.db import transaction
from django.utils import timezone

SLUG_PREFIX = "bench-"


def generate_sheets(count: int, territories: int = 40, seed: int = 7) -> float:
    """Add the missing sheets (up to ``count``), 500 per transaction; returns the seconds spent."""
    from practices.models import PracticeSheetPage

    rng = random.Random(seed)  # noqa: S311
    started = time.perf_counter()
    folders = _folders(territories)
    vocab = _vocabularies()
    existing = PracticeSheetPage.objects.filter(slug__startswith=SLUG_PREFIX).count()
    for start in range(existing, count, 500):
        with transaction.atomic():
            _add_sheets(rng, folders, vocab, range(start, min(start + 500, count)))
    return time.perf_counter() - started


def _folders(territories: int) -> list:
    """The folders of the bench territories, created if missing."""
    from accounts.models import Region, Territory
    from practices.services import ensure_territory_folder

    regions = list(Region.objects.all())
    for number in range(territories):
        Territory.objects.get_or_create(
            slug=f"{SLUG_PREFIX}territoire-{number}",
            defaults={
                "name": f"Territoire de banc d’essai {number}",
                "departement_code": "59",
                "region": regions[number % len(regions)],
            },
        )
    return [
        ensure_territory_folder(t)
        for t in Territory.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk")
    ]


def _vocabularies() -> dict[str, list]:
    """The term ids a sheet may be tagged with, per many-to-many field of the sheet."""
    from taxonomy.models import ActionType, Audience, Barrier, Benefit, Partner

    return {
        "audiences": list(Audience.objects.values_list("pk", flat=True)),
        "barriers": list(Barrier.objects.filter(parent__isnull=False).values_list("pk", flat=True)),
        "benefits": list(Benefit.objects.values_list("pk", flat=True)),
        "action_types": list(ActionType.objects.values_list("pk", flat=True)),
        "partners": list(Partner.objects.values_list("pk", flat=True)),
    }


def _add_sheets(rng, folders: list, vocab: dict, numbers: range) -> None:
    """One batch: the sheets of ``numbers``, spread over the folders, then their tags in bulk."""
    from practices.models import PracticeSheetPage, TerritoryFolderPage

    statuses = [c[0] for c in PracticeSheetPage.ActionStatus.choices]
    maturities = [c[0] for c in PracticeSheetPage.Maturity.choices]
    through = {name: getattr(PracticeSheetPage, name).through for name in vocab}
    links = {name: [] for name in vocab}
    for number in numbers:
        folder: TerritoryFolderPage = folders[number % len(folders)]
        sheet = PracticeSheetPage(
            title=f"Action de banc d’essai numéro {number} contre le non-recours",
            slug=f"{SLUG_PREFIX}{number}",
            summary="Repérage des personnes éligibles et accompagnement vers leurs droits.",
            organisation="CCAS",
            context="<p>Contexte de banc d’essai.</p>",
            actions=[("paragraph", "<p>Actions de banc d’essai.</p>")],
            territory_id=folder.territory_id,
            action_status=rng.choice(statuses),
            maturity=rng.choice(maturities),
            first_published_at=timezone.now(),
            last_published_at=timezone.now(),
            live=True,
        )
        folder.add_child(instance=sheet)
        for name, pks in vocab.items():
            field = f"{PracticeSheetPage._meta.get_field(name).m2m_field_name()}_id"
            target_field = PracticeSheetPage._meta.get_field(name)
            target = f"{target_field.m2m_reverse_field_name()}_id"
            for pk in rng.sample(pks, rng.randint(1, 3)):
                links[name].append(through[name](**{field: sheet.pk, target: pk}))
        folder = type(folder).objects.get(pk=folder.pk)  # fresh numchild for treebeard
        folders[number % len(folders)] = folder
    for name, rows in links.items():
        through[name].objects.bulk_create(rows, ignore_conflicts=True)
