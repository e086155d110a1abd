"""Schema names per target (macros/generate_schema_name.sql), read from the manifest of `dbt parse`: nothing is built.

On the production targets (var production_targets: duckdb and spark) every model lands in the schema its folder
names, the fixed names BI tools, reverse-ETL syncs and these tests read; on any other target in
<target schema>_<folder schema>, so that dev, CI and production can share one warehouse.
"""

from __future__ import annotations

import itertools
import pytest

from dbt_runner import DbtWorkspace

PRODUCTION_TARGETS = ("duckdb", "spark")
OTHER_TARGETS = {"ci": "ci", "dev": "dev"}  # target name: its schema in profiles.yml (TESSERA_DEV_SCHEMA unset)


def folder_schema(node: dict) -> str:
    """The schema a node's folder names in dbt_project.yml."""
    if node["resource_type"] == "seed":
        return "reference"
    path = node["original_file_path"]
    if path.startswith("models/marts/access/"):
        return "marketing"
    return path.split("/")[1]  # models/<staging|intermediate|marts>/...


@pytest.fixture(scope="module")
def manifests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The manifest of `dbt parse` on every target of profiles.yml, by target name."""
    parsed = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TESSERA_DEV_SCHEMA", raising=False)
        for target in (*PRODUCTION_TARGETS, *OTHER_TARGETS):
            work = tmp_path_factory.mktemp(f"parse_{target}")
            workspace = DbtWorkspace(
                raw_path=work / "raw", database_path=work / "tessera.duckdb", target_path=work / "target", target=target
            )
            workspace.dbt("parse")
            parsed[target] = workspace.manifest()
    return parsed


def nodes(manifest: dict) -> list[dict]:
    """The models and seeds of the project."""
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed") and node["package_name"] == "tessera"
    ]


def relations(manifest: dict) -> dict[str, tuple[str, str]]:
    """(schema, identifier) of every model and seed of the project, by unique id."""
    return {node["unique_id"]: (node["schema"], node["alias"]) for node in nodes(manifest)}


@pytest.mark.parametrize("target", PRODUCTION_TARGETS)
def test_production_targets_use_the_folder_schemas(manifests: dict[str, dict], target: str) -> None:
    manifest = manifests[target]
    assert {node["schema"] for node in nodes(manifest)} == {"staging", "intermediate", "marts", "marketing", "reference"}
    wrong = {node["name"]: node["schema"] for node in nodes(manifest) if node["schema"] != folder_schema(node)}
    assert not wrong, wrong
    by_name = {node["name"]: node for node in nodes(manifest)}
    assert by_name["profiles"]["relation_name"].replace('"', "").endswith("marts.profiles")
    assert by_name["stg_crm__contacts"]["schema"] == "staging"
    assert by_name["profile_records_masked"]["schema"] == "marketing"


@pytest.mark.parametrize("target", sorted(OTHER_TARGETS))
def test_other_targets_prefix_the_folder_schema_with_their_own(manifests: dict[str, dict], target: str) -> None:
    prefix = OTHER_TARGETS[target]
    manifest = manifests[target]
    wrong = {
        node["name"]: node["schema"]
        for node in nodes(manifest)
        if node["schema"] != f"{prefix}_{folder_schema(node)}"
    }
    assert not wrong, wrong
    by_name = {node["name"]: node for node in nodes(manifest)}
    assert by_name["profiles"]["relation_name"].replace('"', "").endswith(f"{prefix}_marts.profiles")
    assert by_name["countries"]["schema"] == f"{prefix}_reference"
    # the raw relations are the shared input, named the same on every target; the project's own state (the erasure
    # list) is the target's, like the mart that writes it
    schemas = {source["source_name"]: source["schema"] for source in manifest["sources"].values()}
    assert {schema for name, schema in schemas.items() if name != "tessera_state"} <= {"raw"}
    assert schemas["tessera_state"] == by_name["erasure_suppressions"]["schema"] == f"{prefix}_marts"


def test_production_targets_agree_on_every_relation(manifests: dict[str, dict]) -> None:
    """DuckDB and Spark name each relation alike (python_tests/test_spark_portability.py compares them by name);
    they never meet, each writing to a database file or a warehouse folder of its own."""
    duckdb_relations = relations(manifests["duckdb"])
    spark_relations = relations(manifests["spark"])
    # Python models are disabled on Spark: every relation Spark builds, DuckDB builds under the same name
    assert spark_relations.items() <= duckdb_relations.items()


def test_no_two_targets_that_share_a_warehouse_collide(manifests: dict[str, dict]) -> None:
    """A non-production target's schemas meet no other target's, so nothing it builds replaces another's relation
    even on one warehouse (the DuckDB database name, taken from the file name, is left out: on a shared warehouse
    it is the same)."""
    schemas = {target: {schema for schema, _ in relations(manifest).values()} for target, manifest in manifests.items()}
    for first, second in itertools.combinations(sorted(schemas), 2):
        if first in PRODUCTION_TARGETS and second in PRODUCTION_TARGETS:
            continue
        assert not schemas[first] & schemas[second], (first, second, schemas[first] & schemas[second])

