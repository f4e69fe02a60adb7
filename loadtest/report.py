"""What `make loadtest` prints and keeps (loadtest/results/summary.json): latencies per kind of
request from Locust's CSV files, server errors, the database check, and the share of GETs the
caches answered (X-Cache, counted by the locustfile)."""

from __future__ import annotations

import csv
import json
from pathlib import Path


def percentile_rows(stats_csv: Path) -> list[dict]:
    rows = []
    with stats_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "type": row["Type"],
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "rps": float(row["Requests/s"] or 0),
                }
            )
    return rows


def server_errors(failures_csv: Path) -> int:
    errors = 0
    if not failures_csv.exists():
        return 0
    with failures_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            error = row["Error"]
            if "50" in error or "Server Error" in error or "Connection" in error:
                errors += int(row["Occurrences"])
    return errors


def cache_ratios(counts: dict[str, int]) -> dict[str, dict]:
    """Per audience (« anonyme », « connecté »): GETs, those served from a cache (``HIT``,
    ``HIT-MEMBER``), and the ratio."""
    ratios = {}
    for audience in ("anonyme", "connecté"):
        mine = {key.split(":", 1)[1]: n for key, n in counts.items() if key.startswith(audience)}
        total = sum(mine.values())
        hits = mine.get("HIT", 0) + mine.get("HIT-MEMBER", 0)
        ratios[audience] = {
            "gets": total,
            "hits": hits,
            "ratio": round(hits / total, 3) if total else None,
            "by_header": mine,
        }
    by_page: dict[str, dict[str, int]] = {}
    for key, n in counts.items():
        if key.startswith("page:"):
            name, label = key[len("page:") :].rsplit(":", 1)
            by_page.setdefault(name, {})[label] = n
    ratios["by_page"] = by_page
    return ratios


def print_report(rows, check, errors, ratios) -> tuple[int, int]:
    """Print the tables; return (lost, doubled) writes."""
    print(f"\n{'requête':32} {'nombre':>8} {'échecs':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for row in rows:
        print(
            f"{row['name']:32} {row['requests']:8d} {row['failures']:7d} "
            f"{row['p50_ms']:8.0f} {row['p95_ms']:8.0f}"
        )
    lost = check["missing_posts"] + check["lost_registrations"]
    doubled = (
        check["doubled_posts"] + check["duplicate_registrations"] + check["duplicate_reactions"]
    )
    print(
        f"\nWrites accepted: {check['accepted_posts']} posts, "
        f"{check['accepted_registrations']} registrations, "
        f"{check['accepted_cancellations']} cancellations, "
        f"{check['accepted_reactions']} reactions"
    )
    print(
        f"Server errors: {errors}; lost writes: {lost}; duplicated: {doubled}; "
        f"events over capacity: {len(check['events_over_capacity'])}"
    )
    for audience in ("anonyme", "connecté"):
        ratio = ratios[audience]
        shown = f"{ratio['ratio']:.0%}" if ratio["ratio"] is not None else "—"
        print(
            f"Cache, GETs {audience}: {ratio['hits']} of {ratio['gets']} served from the cache "
            f"({shown}); {ratio['by_header']}"
        )
    for name, labels in sorted(ratios["by_page"].items()):
        print(f"  {name:30} {labels}")
    return lost, doubled


def write_summary(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
