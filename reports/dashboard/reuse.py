"""Which practice sheets were reused by which territories (« Je m’en inspire »), how (taken as
it is, adapted, being studied), counted by region of the reusing territory and by barrier of the
sheet (family and cause). Only the sheets the person may see; a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from practices.models import Reuse
from practices.permissions import hidden_sheets
from reports.dashboard.completeness import territory_q
from reports.dashboard.formatting import french_date
from taxonomy.models import Barrier

LATEST = 10
PER_PAGE = 50

KIND_LABELS = {
    Reuse.Kind.REUSE: _("Reprise telle quelle"),
    Reuse.Kind.ADAPT: _("Adaptation"),
    Reuse.Kind.CONSIDER: _("À l’étude"),
}
KIND_BADGES = {
    Reuse.Kind.REUSE: "fr-badge--success",
    Reuse.Kind.ADAPT: "fr-badge--info",
    Reuse.Kind.CONSIDER: "fr-badge--new",
}


def reuses(user, values: dict):
    """The reuses declared by the territories the filters keep, of sheets ``user`` may see."""
    qs = Reuse.objects.filter(territory_q(values, "territory__"))
    hidden = hidden_sheets(user)
    if not hidden.query.is_empty():
        qs = qs.exclude(sheet__in=hidden.values("pk"))
    return qs


def listing(qs):
    return qs.select_related(
        "sheet", "sheet__territory", "territory", "territory__region", "own_sheet"
    ).order_by("-created_at", "-pk")


def describe(reuse, request) -> dict:
    """What a line of the list shows: the sheet (its address if published), from where to where."""
    sheet = reuse.sheet
    own = reuse.own_sheet
    return {
        "reuse": reuse,
        "sheet_url": sheet.get_url(request) if sheet.live else "",
        "own_url": own.get_url(request) if own is not None and own.live else "",
        "kind_label": KIND_LABELS.get(reuse.kind, reuse.get_kind_display()),
        "kind_badge": KIND_BADGES.get(reuse.kind, ""),
        "date_label": french_date(reuse.created_at),
    }


def by_region(qs) -> list[dict]:
    kinds = {kind: Count("id", filter=Q(kind=kind)) for kind in Reuse.Kind.values}
    rows = (
        qs.values("territory__region__name")
        .annotate(total=Count("id"), **kinds)
        .order_by("-total", "territory__region__name")
    )
    return [
        {
            "region": row["territory__region__name"],
            "total": row["total"],
            "kinds": [row[kind] for kind in Reuse.Kind.values],
        }
        for row in rows
    ]


@dataclass
class Family:
    barrier: Barrier
    total: int = 0
    causes: list[tuple[Barrier, int]] = field(default_factory=list)


def by_barrier(qs) -> list[Family]:
    """Families of barriers (with the reuses of sheets treating any of their causes), and their
    causes, most reused first. Three queries."""
    tagged = qs.filter(sheet__barriers__isnull=False)
    per_barrier = dict(
        tagged.values_list("sheet__barriers").annotate(n=Count("id", distinct=True)).order_by()
    )
    per_family = dict(
        tagged.annotate(family=Coalesce("sheet__barriers__parent_id", "sheet__barriers__id"))
        .values_list("family")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    barriers = {b.pk: b for b in Barrier.objects.all()}
    families = {pk: Family(barriers[pk], total) for pk, total in per_family.items()}
    for pk, count in per_barrier.items():
        barrier = barriers[pk]
        if barrier.parent_id and barrier.parent_id in families:
            families[barrier.parent_id].causes.append((barrier, count))
    for family in families.values():
        family.causes.sort(key=lambda item: (-item[1], item[0].label))
    return sorted(families.values(), key=lambda fam: (-fam.total, fam.barrier.label))


def kind_headers() -> list:
    return [KIND_LABELS[kind] for kind in Reuse.Kind.values]
