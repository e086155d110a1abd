"""The SQL is portable: built on Spark (dbt-spark, local session) from the same raw files, every base model holds
the same rows as on DuckDB, and the identity graph (SQL components engine) finds the same clusters and profile
ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dbt_runner import DbtWorkspace

# Columns that name engine-specific things rather than data: the file path (Spark reports a file: URI) and
# what is derived from it, the invocation, and the JSON text of a rejected row (engines serialise JSON
# differently; the row itself is compared through its parsed columns).
ENGINE_SPECIFIC_COLUMNS = {"file_name", "event_line_id", "dbt_invocation_id", "rejected_raw_record"}


# The profile-id history keeps state between runs: an incremental model that open-source Spark's parquet tables
# cannot merge into, so it is built on DuckDB only. The profile, trait, segment and activation intermediates are
# left to the DuckDB builds; the identity spine they read (int_profile_records, int_profile_identifiers,
# int_profiles) and the consents are built here.
SELECT = ("--select", "path:models/staging", "path:models/intermediate", "path:seeds")
EXCLUDE = (
    "--exclude", "int_identifier_profile_history", "path:models/intermediate/profiles",
    "path:models/intermediate/traits", "path:models/intermediate/segments",
    "path:models/intermediate/activation",
)


@pytest.fixture(scope="module")
def spark_build(tmp_path_factory: pytest.TempPathFactory, generated_raw: tuple[Path, dict]) -> DbtWorkspace:
    if shutil.which("java") is None:
        pytest.fail("Java is needed for the spark target (dbt-spark session) and is not installed")
    raw_path, _ = generated_raw
    work = tmp_path_factory.mktemp("spark")
    workspace = DbtWorkspace(raw_path, work / "unused.duckdb", work / "target", target="spark")
    workspace.dbt("build", *SELECT, *EXCLUDE)
    return workspace


@pytest.fixture(scope="module")
def duckdb_build(tmp_path_factory: pytest.TempPathFactory, generated_raw: tuple[Path, dict]) -> DbtWorkspace:
    """The same selection on DuckDB, in a database of its own. Erasure blanks rows from the run after the one that
    lists a person in erasure_suppressions (a mart, which neither build selects: its table is created empty when a
    run starts), so in both builds every raw row is there to compare; erasure itself is tested on DuckDB
    (test_erasure.py)."""
    raw_path, _ = generated_raw
    work = tmp_path_factory.mktemp("spark_reference")
    workspace = DbtWorkspace(raw_path, work / "reference.duckdb", work / "target")
    workspace.dbt("build", *SELECT, *EXCLUDE, "resource_type:test", "resource_type:unit_test")
    return workspace


def _base_models(built: DbtWorkspace) -> list[str]:
    return [
        row[0]
        for row in built.query(
            "select table_name from information_schema.tables "
            "where table_schema = 'staging' and table_name like 'base\\_%' escape '\\' order by 1"
        )
    ]


def test_every_base_model_has_the_same_rows_on_spark_and_duckdb(
    duckdb_build: DbtWorkspace, spark_build: DbtWorkspace
) -> None:
    models = _base_models(duckdb_build)
    assert len(models) == 11
    spark = duckdb.connect()
    differences = {}
    for model in models:
        columns = [
            name
            for (name,) in duckdb_build.query(
                f"select column_name from information_schema.columns where table_name = '{model}' "
                "order by ordinal_position"
            )
            if name not in ENGINE_SPECIFIC_COLUMNS
        ]
        select = ", ".join(columns)
        on_duckdb = duckdb_build.query(f"select {select} from staging.{model} order by all")
        files = spark_build.spark_warehouse / "staging.db" / model / "*.parquet"
        on_spark = spark.sql(f"select {select} from read_parquet('{files}') order by all").fetchall()
        assert on_duckdb, model
        if on_duckdb != on_spark:
            only_duckdb = set(on_duckdb) - set(on_spark)
            only_spark = set(on_spark) - set(on_duckdb)
            differences[model] = (len(on_duckdb), len(on_spark), sorted(only_duckdb, key=str)[:3], sorted(only_spark, key=str)[:3])
    assert not differences, differences


def _spark_table(spark_build: DbtWorkspace, schema: str, model: str, select: str) -> list[tuple]:
    files = spark_build.spark_warehouse / f"{schema}.db" / model / "*.parquet"
    return duckdb.connect().sql(f"select {select} from read_parquet('{files}') order by all").fetchall()


def test_identity_clusters_and_profile_ids_are_the_same_on_spark(
    duckdb_build: DbtWorkspace, spark_build: DbtWorkspace
) -> None:
    for model, select in [
        ("int_identity_nodes", "node_id, identifier_type, identifier_value, exclusion_reason"),
        ("int_identity_components", "node_id, component_id, components_engine"),
    ]:
        on_duckdb = duckdb_build.query(f"select {select} from intermediate.{model} order by all")
        on_spark = _spark_table(spark_build, "intermediate", model, select)
        assert on_duckdb and on_spark == on_duckdb, model
    # Spark runs no probabilistic matching: its clusters are the deterministic components, so its profiles are
    # DuckDB's wherever matching merged nothing, and the profiles DuckDB merged are more than one on Spark.
    merged = "select component_id from intermediate.int_identity_clusters where is_merged_by_matching"
    select = "component_id, profile_id, anchor_identifier_type"
    on_duckdb = duckdb_build.query(
        f"select {select} from intermediate.int_identity_profiles where component_id not in ({merged}) order by all"
    )
    merged_components = {row[0] for row in duckdb_build.query(
        "select deterministic_component_id from intermediate.int_identity_clusters where is_merged_by_matching"
    )}
    on_spark = _spark_table(spark_build, "intermediate", "int_identity_profiles", select)
    assert merged_components and on_duckdb
    assert [row for row in on_spark if row[0] not in merged_components] == on_duckdb
    assert {row[0] for row in on_spark} >= merged_components
    clusters = _spark_table(spark_build, "intermediate", "int_identity_clusters", "count(*) filter (where is_merged_by_matching)")
    assert clusters == [(0,)]


def test_spark_build_logs_that_probabilistic_matching_was_skipped(spark_build: DbtWorkspace) -> None:
    log = (spark_build.target_path / "logs" / "dbt.log").read_text()
    assert "probabilistic matching skipped: target type spark runs no dbt Python models" in log
    assert not (spark_build.spark_warehouse / "intermediate.db" / "int_identity_match_pairs").exists()
