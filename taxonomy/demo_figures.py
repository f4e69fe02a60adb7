"""Plausible figures of the evaluation kit's indicators for a demo territory and year, shared by
the demo reports (``reports.demo``) and the demo sheets' results (``practices.demo``), so that a
sheet never claims more than its territory reported.

Figures follow the chain of the kit: people identified ≥ contacted ≥ accompanied; rights opened
about 1.1 to 1.4 per person accompanied; amounts per right opened; they grow each year of the
experiment. Deterministic: the same territory and year always give the same figures."""

import random
from decimal import ROUND_HALF_UP, Decimal


def _rng(seed: str, year: int) -> random.Random:
    return random.Random(f"{seed}-{year}")  # noqa: S311 - demo data, not security


def territory_figures(seed: str, population: int, year: int, first_year: int) -> dict:
    """``{indicator slug: Decimal}`` for ``year``; ``first_year`` is the territory's first year
    in the experiment (its cohort)."""
    rng = _rng(seed, 0)
    years_in = max(0, year - first_year)
    growth = Decimal("1.25") ** years_in
    per_thousand = Decimal(rng.randint(6, 22))
    identified = (Decimal(population) / 1000 * per_thousand * growth).to_integral_value()
    identified = max(identified, Decimal(30))
    yearly = _rng(seed, year)
    contacted = (identified * Decimal(yearly.randint(62, 82)) / 100).to_integral_value()
    accompanied = (contacted * Decimal(yearly.randint(40, 58)) / 100).to_integral_value()
    rights = (accompanied * Decimal(yearly.randint(110, 140)) / 100).to_integral_value()
    amount = rights * Decimal(yearly.randint(1300, 2100))
    trained = Decimal(8 + rng.randint(4, 30) + 6 * years_in)
    delay = Decimal(max(18, rng.randint(40, 65) - 7 * years_in))
    opened_share = Decimal(yearly.randint(55, 78))
    conventions = Decimal(1 + rng.randint(0, 3) + years_in)
    return {
        "personnes-reperees": identified,
        "personnes-contactees": contacted,
        "personnes-accompagnees": accompanied,
        "droits-ouverts": rights,
        "montant-droits": amount.quantize(Decimal("1")),
        "professionnels-formes": trained,
        "delai-ouverture-droits": delay,
        "taux-droits-ouverts": opened_share,
        "conventions-partage-donnees": conventions,
    }


def quarters(total: Decimal, seed: str, year: int) -> list[Decimal]:
    """``total`` split into four quarters (whole numbers adding up to it)."""
    rng = _rng(f"{seed}-q", year)
    weights = [rng.randint(18, 32) for _ in range(4)]
    parts = [
        (total * weight / sum(weights)).quantize(Decimal("1"), ROUND_HALF_UP)
        for weight in weights[:3]
    ]
    return [*parts, total - sum(parts)]


def sheet_share(figure: Decimal, kind: str, seed: str) -> Decimal:
    """What one practice contributed to its territory's figure: a share of counts and amounts;
    rates and averages are the practice's own, close to the territory's."""
    rng = _rng(f"{seed}-sheet", 0)
    if kind in ("taux", "moyenne"):
        return Decimal(max(1, min(100, int(figure) + rng.randint(-8, 8))))
    share = (figure * Decimal(rng.randint(15, 45)) / 100).to_integral_value()
    return max(share, min(figure, Decimal(1)))
