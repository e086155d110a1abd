"""Benchmark of the connected-components engines on the edges of a built project.

On the very edges and nodes the identity graph clustered, in one process: scipy's connected_components (the
reference), the Python engine (tessera.identity.components, what the dbt Python model runs) and the SQL engine
(the dbt macro, run through the int_identity_components_benchmark model). Times are reported with their ratio
to the reference, since machines are noisy and only ratios measured in one run compare; each engine's time is the
best of `repeats` runs (the SQL engine's is the model's execution time, without dbt's start-up).

It also times probabilistic matching (tessera.matching, as int_identity_match_pairs runs it) on the person
records of the build: Splink training and prediction, and the number of pairs the blocking rules compared.
`--matching-only` times matching alone, on a project built only up to int_person_attributes
(`dbt build --select +int_person_attributes`)."""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

import yaml

from tessera.identity.components import component_labels
from tessera.matching.model import train_and_predict
from tessera.matching.settings import merged_config, record_columns

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _scipy_reference(nodes: np.ndarray, edges_a: np.ndarray, edges_b: np.ndarray) -> int:
    """scipy on positions 0..n-1 (node ids are dense 1..n in int_identity_nodes, so no remapping is timed)."""
    size = int(nodes.max()) + 1
    graph = coo_matrix((np.ones(len(edges_a), dtype=np.int8), (edges_a, edges_b)), shape=(size, size))
    count, _ = connected_components(graph, directed=False)
    return count


def matching(database: Path) -> dict:
    """Splink training and prediction on the person records of a built project, with the project's configuration."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    config = merged_config(project["vars"].get("probabilistic_matching"))
    with duckdb.connect(str(database), read_only=True) as connection:
        # the columns matching reads, not every attribute of every record
        columns = ", ".join(record_columns(config))
        records = connection.sql(f"select {columns} from intermediate.int_person_attributes").df()
    started = time.perf_counter()
    result = train_and_predict(records, config)
    return {
        "matching_records": int(len(records)),
        "matching_training_records": result.training_records,
        "matching_pairs_compared": result.pairs_compared,
        "matching_pairs_above_threshold": int(len(result.pairs)),
        "matching_training_seconds": round(result.training_seconds, 2),
        "matching_prediction_seconds": round(result.prediction_seconds, 2),
        "matching_wall_seconds": round(time.perf_counter() - started, 2),
        "matching_peak_memory_mib_this_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run(database: Path, repeats: int = 3) -> dict:
    with duckdb.connect(str(database)) as connection:
        connection.sql("create schema if not exists benchmark")
        connection.sql(
            "create or replace table benchmark.edges as select node_id_a, node_id_b "
            "from intermediate.int_identity_edges where is_used_for_clustering"
        )
        connection.sql(
            "create or replace table benchmark.nodes as select node_id "
            "from intermediate.int_identity_nodes where exclusion_reason is null"
        )
        edges = connection.sql("select node_id_a, node_id_b from benchmark.edges").fetchnumpy()
        nodes = connection.sql("select node_id from benchmark.nodes").fetchnumpy()["node_id"]
        persons = connection.sql("select count(*) from marts.profiles").fetchall()[0][0]
    edges_a, edges_b = edges["node_id_a"].astype(np.int64), edges["node_id_b"].astype(np.int64)

    def best_of(function) -> float:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        return min(times)

    reference_seconds = best_of(lambda: _scipy_reference(nodes, edges_a, edges_b))
    python_seconds = best_of(lambda: component_labels(nodes, edges_a, edges_b))
    environment = dict(os.environ, DBT_PROFILES_DIR=str(PROJECT_DIR), TESSERA_DUCKDB_PATH=str(database))
    command = [
        str(Path(sys.executable).with_name("dbt")), "run", "--select", "int_identity_components_benchmark",
        "--vars", "{components_benchmark_schema: benchmark, create_raw_relations: false}",
        "--project-dir", str(PROJECT_DIR),
    ]
    sql_seconds, sql_wall_seconds = float("inf"), float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, cwd=PROJECT_DIR, env=environment, check=True, capture_output=True)
        sql_wall_seconds = min(sql_wall_seconds, time.perf_counter() - started)
        run_results = json.loads((PROJECT_DIR / "target" / "run_results.json").read_text())
        sql_seconds = min(sql_seconds, next(
            result["execution_time"] for result in run_results["results"]
            if result["unique_id"].endswith("int_identity_components_benchmark")
        ))
    with duckdb.connect(str(database), read_only=True) as connection:
        rounds, sql_nodes = connection.sql(
            "select max(rounds), count(*) from intermediate.int_identity_components_benchmark"
        ).fetchall()[0]
    if sql_nodes != len(nodes):
        raise RuntimeError(f"the SQL engine labelled {sql_nodes} nodes of {len(nodes)}")
    return {
        "profiles": persons,
        "nodes": int(len(nodes)),
        "edges": int(len(edges_a)),
        "scipy_reference_seconds": round(reference_seconds, 4),
        "python_engine_seconds": round(python_seconds, 4),
        "python_engine_ratio_to_reference": round(python_seconds / reference_seconds, 2),
        "sql_engine_seconds": round(sql_seconds, 4),
        "sql_engine_ratio_to_reference": round(sql_seconds / reference_seconds, 2),
        "sql_engine_wall_seconds_with_dbt_start": round(sql_wall_seconds, 2),
        "sql_rounds": int(rounds),
        "sql_rounds_limit_2_log2_nodes": round(2 * math.log2(max(len(nodes), 2)), 1),
        "peak_memory_mib_this_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_memory_mib_dbt_process": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        **matching(database),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the connected-components engines on a built project.")
    parser.add_argument("--database", type=Path, default=Path("tessera.duckdb"))
    parser.add_argument("--out", type=Path, default=Path("reports/bench.json"))
    parser.add_argument("--label", default="default")
    parser.add_argument("--matching-only", action="store_true",
                        help="time probabilistic matching alone (needs only int_person_attributes built)")
    args = parser.parse_args()
    report = json.loads(args.out.read_text()) if args.out.exists() else {}
    report[args.label] = matching(args.database) if args.matching_only else run(args.database)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report[args.label], indent=2))


if __name__ == "__main__":
    main()
