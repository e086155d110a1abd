"""Accuracy of identity resolution against the generator's ground truth.

Records are the unit: each source record the graph resolves belongs to one predicted profile and to one true
person. Pairwise scores count pairs of records put together; B-cubed scores average, per record, how much of its
predicted profile is its person and how much of its person is in its predicted profile. A record left without a
profile counts as a profile of its own.

Two assignments are scored: the profiles the build published (deterministic links merged by accepted
probabilistic links, when probabilistic matching ran), and the deterministic connected components alone
(int_identity_components), so that what probabilistic matching adds is measured on the same build."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb
import pandas as pd


def _pairs(sizes: pd.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def score(assignments: pd.DataFrame) -> dict:
    """Scores for a frame with one row per record and the columns `predicted` and `truth`."""
    if assignments.empty:
        raise ValueError("no records to score")
    cells = assignments.groupby(["predicted", "truth"]).size()
    predicted_sizes = assignments.groupby("predicted").size()
    true_sizes = assignments.groupby("truth").size()
    together = _pairs(cells)
    predicted_pairs = _pairs(predicted_sizes)
    true_pairs = _pairs(true_sizes)
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / true_pairs if true_pairs else 1.0

    cell_of = assignments.join(cells.rename("cell"), on=["predicted", "truth"])
    cell_of = cell_of.join(predicted_sizes.rename("predicted_size"), on="predicted")
    cell_of = cell_of.join(true_sizes.rename("true_size"), on="truth")
    b3_precision = float((cell_of["cell"] / cell_of["predicted_size"]).mean())
    b3_recall = float((cell_of["cell"] / cell_of["true_size"]).mean())

    exact = cells[(cells == cells.index.get_level_values("predicted").map(predicted_sizes).values)
                  & (cells == cells.index.get_level_values("truth").map(true_sizes).values)]

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    return {
        "records": int(len(assignments)),
        "true_persons": int(len(true_sizes)),
        "profiles": int(len(predicted_sizes)),
        "largest_profile_records": int(predicted_sizes.max()),
        "pairwise_precision": round(precision, 6),
        "pairwise_recall": round(recall, 6),
        "pairwise_f1": round(f1(precision, recall), 6),
        "bcubed_precision": round(b3_precision, 6),
        "bcubed_recall": round(b3_recall, 6),
        "bcubed_f1": round(f1(b3_precision, b3_recall), 6),
        "exact_cluster_rate": round(len(exact) / len(true_sizes), 6),
    }


def load_assignments(database: Path, raw_path: Path, deterministic_only: bool = False) -> pd.DataFrame:
    """Predicted profile and true person of every resolved record (records missing from the truth are left out).
    With `deterministic_only`, a record's prediction is its deterministic component rather than its profile."""
    truth_glob = str(raw_path / "truth" / "record_persons_*.csv")
    if deterministic_only:
        # records placed in the graph as profile_records places them (int_identity_record_anchors)
        records = """
            select
                records.record_source,
                records.record_id,
                records.record_source || ':' || records.record_id as record_key,
                'component:' || components.component_id as profile_id
            from intermediate.int_identity_record_anchors as records
            left join intermediate.int_identity_components as components
                on records.anchor_node_id = components.node_id
        """
    else:
        records = "select record_source, record_id, record_key, profile_id from marts.profile_records"
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(
            f"""
            select
                coalesce(records.profile_id, 'unresolved:' || records.record_key) as predicted,
                truth.person_id as truth
            from ({records}) as records
            inner join read_csv('{truth_glob}', all_varchar = true) as truth
                on records.record_source = truth.source and records.record_id = truth.record_id
            """
        ).df()


def has_probabilistic_matching(database: Path) -> bool:
    with duckdb.connect(str(database), read_only=True) as connection:
        return bool(connection.sql(
            "select count(*) from information_schema.tables "
            "where table_schema = 'intermediate' and table_name = 'int_identity_match_pairs'"
        ).fetchall()[0][0])


def report(database: Path, raw_path: Path) -> dict:
    """Scores of the deterministic components and, when probabilistic matching ran, of the published profiles."""
    result = {"deterministic": score(load_assignments(database, raw_path, deterministic_only=True))}
    if has_probabilistic_matching(database):
        result["with_probabilistic"] = score(load_assignments(database, raw_path))
        with duckdb.connect(str(database), read_only=True) as connection:
            decisions = connection.sql(
                "select decision, count(*) from intermediate.int_identity_match_pairs group by 1 order by 1"
            ).fetchall()
        result["probabilistic_pair_decisions"] = dict(decisions)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="Score identity resolution against the ground truth.")
    parser.add_argument("--database", type=Path, default=Path("tessera.duckdb"))
    parser.add_argument("--raw", type=Path, default=Path("data/raw"))
    parser.add_argument("--out", type=Path, default=Path("reports/eval.json"))
    args = parser.parse_args()
    scores = report(args.database, args.raw)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(scores, indent=2) + "\n")
    print(json.dumps(scores, indent=2))


if __name__ == "__main__":
    main()
