"""python -m tessera.generate: writes the demo dataset (see docs/raw_data.md)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tessera.generate import generate
from tessera.generate.people_registry import generate_registry


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the seeded demo dataset of every source, with its truth.")
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=Path("data/raw"))
    parser.add_argument("--chunk-size", type=int, default=50_000)
    parser.add_argument("--end-date", default="2025-06-30")
    parser.add_argument("--days", type=int, default=540)
    parser.add_argument(
        "--people-registry", action="store_true",
        help="write the second dataset instead: registry/people.csv, a person registry of another shape, and its truth",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if args.people_registry:
        written = generate_registry(args.out, args.persons, args.seed)
        print(f"{written['records']:,} registry records of {args.persons:,} persons written to {args.out} "
              f"in {time.perf_counter() - started:.1f} s")
        return
    manifest = generate(args.out, args.persons, args.seed, args.chunk_size, args.end_date, args.days)
    for name, count in manifest["rows"].items():
        print(f"{name:28} {count:>12,}")
    print(f"{args.persons:,} persons written to {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
