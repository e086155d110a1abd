"""Seeded, deterministic demo data for every source, with the true person of every record.

`generate(out_dir, persons, seed)` writes the raw files of docs/raw_data.md below `out_dir`, chunk by chunk so
that memory stays bounded at any scale, and the ground truth below `out_dir/truth` (never read by a model)."""

from __future__ import annotations

import csv
import json
import random
import shutil
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from tessera.generate.noise import Noise
from tessera.generate.people import make_people
from tessera.generate.pools import Pools
from tessera.generate.sources import CSV_COLUMNS, PURCHASE_COLUMNS, ChunkBuilder

SOURCE_FOLDERS = ["crm", "shop", "pos", "events", "support", "email", "consent", "privacy", "enrichment", "truth"]
PERSON_COLUMNS = ["person_id", "household_id", "given_name", "family_name", "birth_date", "country", "emails",
                  "phones", "shop_customer_id", "crm_contact_ids", "loyalty_card", "anonymous_ids", "device_ids"]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(
    out_dir: Path,
    persons: int = 10_000,
    seed: int = 42,
    chunk_size: int = 50_000,
    end_date: str = "2025-06-30",
    days: int = 540,
) -> dict:
    """Writes the demo dataset and returns its manifest (parameters, rows per file pattern, injected noise)."""
    if persons < 1 or chunk_size < 1:
        raise ValueError("persons and chunk_size must be positive")
    out_dir = Path(out_dir)
    for folder in SOURCE_FOLDERS:
        shutil.rmtree(out_dir / folder, ignore_errors=True)
    end = datetime.fromisoformat(end_date)
    start = end - timedelta(days=days)
    pools = Pools(seed)
    noise_counts: Counter = Counter()
    row_counts: Counter = Counter()
    missing_keys: Counter = Counter()
    taken_emails: set[str] = set()
    for chunk, first in enumerate(range(0, persons, chunk_size)):
        rng = random.Random(f"tessera-{seed}-{chunk}")
        people = make_people(rng, pools, first, min(chunk_size, persons - first), start, end, taken_emails)
        builder = ChunkBuilder(rng, Noise(rng, noise_counts), chunk, start, end)
        for person in people:
            builder.person(person)
        builder.order_events()
        for table, header in CSV_COLUMNS.items():
            rows = builder.out.rows.get(table, [])
            _write_csv(out_dir / f"{table}_{chunk:04d}.csv", header, rows)
            row_counts[table] += len(rows)
        for file_name, lines in sorted(builder.out.event_lines.items()):
            path = out_dir / file_name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            row_counts["events"] += len(lines)
        missing_keys.update(builder.out.missing_key_rows)
        truth = list(dict.fromkeys(builder.out.truth))
        _write_csv(out_dir / f"truth/record_persons_{chunk:04d}.csv", ["source", "record_id", "person_id"], truth)
        _write_csv(
            out_dir / f"truth/persons_{chunk:04d}.csv",
            PERSON_COLUMNS,
            [
                [p.person_id, p.household_id, p.given_name, p.family_name, p.birth_date.isoformat(), p.country,
                 "|".join(p.emails), "|".join(p.phones), p.shop_customer_id or "", "|".join(p.crm_contact_ids),
                 p.loyalty_card or "", "|".join(p.anonymous_ids),
                 "|".join(p.device_ids + ([p.family_device_id] if p.family_device_id else []))]
                for p in people
            ],
        )
        row_counts["truth/record_persons"] += len(truth)
        _write_csv(out_dir / f"truth/purchases_{chunk:04d}.csv", PURCHASE_COLUMNS, builder.out.purchases)
        row_counts["truth/purchases"] += len(builder.out.purchases)
    manifest = {
        "parameters": {"persons": persons, "seed": seed, "chunk_size": chunk_size, "end_date": end_date, "days": days},
        "rows": dict(sorted(row_counts.items())),
        "rows_with_missing_key": dict(sorted(missing_keys.items())),
        "noise": dict(sorted(noise_counts.items())),
    }
    (out_dir / "truth").mkdir(parents=True, exist_ok=True)
    (out_dir / "truth" / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest
