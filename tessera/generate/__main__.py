"""python -m tessera.generate: writes the demo dataset (see docs/raw_data.md)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tessera.generate import generate


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the seeded demo dataset of every source, with its truth.")
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=Path("data/raw"))
    parser.add_argument("--chunk-size", type=int, default=50_000)
    parser.add_argument("--end-date", default="2025-06-30")
    parser.add_argument("--days", type=int, default=540)
    args = parser.parse_args()
    started = time.perf_counter()
    manifest = generate(args.out, args.persons, args.seed, args.chunk_size, args.end_date, args.days)
    for name, count in manifest["rows"].items():
        print(f"{name:28} {count:>12,}")
    print(f"{args.persons:,} persons written to {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
