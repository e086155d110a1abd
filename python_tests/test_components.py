"""Connected components: the scipy engine labels like the SQL engine, the SQL engine (the connected_components
materialization the identity graph uses) is exact on adversarial graphs in a number of rounds that grows with
log(nodes) and fails clearly when it does not converge, and what `dbt compile` shows of the components models is
the round SQL that runs, with its refs."""

from __future__ import annotations

import math
import re
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from dbt_runner import PROJECT_DIR, DbtWorkspace
from tessera.identity import graphs
from tessera.identity.components import component_labels


def test_labels_are_the_smallest_node_of_each_component() -> None:
    nodes = np.array([10, 3, 7, 42, 5, 99])
    labels = component_labels(nodes, np.array([10, 7, 42]), np.array([3, 10, 5]))
    assert dict(zip(nodes.tolist(), labels.tolist())) == {10: 3, 3: 3, 7: 3, 42: 5, 5: 5, 99: 99}


def test_an_edge_to_an_unlisted_node_is_an_error() -> None:
    with pytest.raises(ValueError, match="listed node"):
        component_labels(np.array([1, 2]), np.array([1]), np.array([3]))


def _union(*parts: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Disjoint union of graphs, each shifted past the node ids of the previous ones."""
    nodes, edges_a, edges_b, offset = [], [], [], 0
    for part_nodes, part_a, part_b in parts:
        nodes.append(part_nodes + offset)
        edges_a.append(part_a + offset)
        edges_b.append(part_b + offset)
        offset += int(part_nodes.max())
    return np.concatenate(nodes), np.concatenate(edges_a), np.concatenate(edges_b)


BENCHMARK_VARS = "{components_benchmark_schema: benchmark, create_raw_relations: false}"


@pytest.fixture(scope="module")
def adversarial_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtWorkspace, np.ndarray, np.ndarray, str]:
    nodes, edges_a, edges_b = _union(
        graphs.chain(10_000, seed=1),
        graphs.hub(10_000, seed=2),
        graphs.families(1_000, 4, seed=3),
        graphs.identity_like(5_000, seed=4),
    )
    work = tmp_path_factory.mktemp("components")
    workspace = DbtWorkspace(work / "raw", work / "graph.duckdb", work / "target")
    with duckdb.connect(str(workspace.database_path)) as connection:
        connection.sql("create schema benchmark")
        edge_table = pa.table({"node_id_a": edges_a, "node_id_b": edges_b})
        node_table = pa.table({"node_id": nodes})
        connection.sql("create table benchmark.edges as select * from edge_table")
        connection.sql("create table benchmark.nodes as select * from node_table")
    run = workspace.dbt("run", "--select", "int_identity_components_benchmark", "--vars", BENCHMARK_VARS)
    return workspace, nodes, component_labels(nodes, edges_a, edges_b), run.stdout


def test_sql_engine_finds_exactly_the_scipy_components(adversarial_graph) -> None:
    workspace, nodes, expected, _ = adversarial_graph
    rows = workspace.query(
        "select node_id, component_id from intermediate.int_identity_components_benchmark order by node_id"
    )
    order = np.argsort(nodes)
    assert [row[0] for row in rows] == nodes[order].tolist()
    assert [row[1] for row in rows] == expected[order].tolist()


def test_sql_engine_converges_in_logarithmic_rounds(adversarial_graph) -> None:
    workspace, nodes, _, log = adversarial_graph
    rounds = workspace.query("select max(rounds) from intermediate.int_identity_components_benchmark")[0][0]
    assert 1 <= rounds <= 2 * math.log2(len(nodes)), rounds
    # the materialization logs every round with the edges it left open, and the last one leaves none
    logged = [int(round_) for round_ in re.findall(r"int_identity_components_benchmark: round (\d+) left", log)]
    assert logged == list(range(1, rounds + 1))
    assert f"int_identity_components_benchmark: round {rounds} left 0 edges open" in log
    assert workspace.query(
        "select count(*) from information_schema.tables where table_name like 'int_identity_components_benchmark%'"
    ) == [(1,)]


def _compiled(target_path: Path, model: str) -> str:
    return (target_path / "compiled" / "tessera" / "models" / "intermediate" / "identity" / f"{model}.sql").read_text()


def test_compiled_components_models_are_the_round_that_runs_with_real_refs(tmp_path: Path) -> None:
    """`dbt compile` shows one round of large star / small star over the graph read from the real input relations
    and over the materialization's work table, not a placeholder; the limits read their inputs through refs."""
    workspace = DbtWorkspace(tmp_path / "raw", tmp_path / "compile.duckdb", tmp_path / "target")
    models = ["int_identity_components_sql", "int_identity_limit_components", "int_identity_components"]
    workspace.dbt("compile", "--select", *models, "--vars", "{create_raw_relations: false}")
    engine = _compiled(workspace.target_path, "int_identity_components_sql")
    for relation in ("int_identity_edges", "int_identity_nodes", "int_identity_components_sql__open_edges"):
        assert f'"intermediate"."{relation}"' in engine, relation
    for round_step in ("large_star as (", "small_star as (", "open_centres as (", "round_edges as ("):
        assert round_step in engine, round_step
    assert "{{" not in engine and "0 as rounds" not in engine
    limits = _compiled(workspace.target_path, "int_identity_limit_components")
    for relation in ("int_identity_limit_nodes", "int_identity_record_nodes",
                     "int_identity_limit_components__open_edges"):
        assert f'"intermediate"."{relation}"' in limits, relation
    assert "large_star as (" in limits
    readers = _compiled(workspace.target_path, "int_identity_components")
    for relation in ("int_identity_components_sql", "int_identity_limit_nodes", "int_identity_limit_components"):
        assert f'"intermediate"."{relation}"' in readers, relation
    nodes = {node["name"]: node for node in workspace.manifest()["nodes"].values() if node["resource_type"] == "model"}
    assert nodes["int_identity_components_sql"]["config"]["materialized"] == "connected_components"
    assert nodes["int_identity_limit_components"]["config"]["materialized"] == "connected_components"
    assert set(nodes["int_identity_components"]["depends_on"]["nodes"]) == {
        "model.tessera.int_identity_components_sql", "model.tessera.int_identity_limit_nodes",
        "model.tessera.int_identity_limit_components",
    }


def test_no_model_hides_a_ref_in_a_depends_on_comment() -> None:
    models = [path for path in (PROJECT_DIR / "models").rglob("*") if path.suffix in {".sql", ".py"}]
    assert models
    hidden = [str(path.relative_to(PROJECT_DIR)) for path in models if re.search(r"--\s*depends_on", path.read_text())]
    assert not hidden, hidden


def test_components_that_do_not_converge_fail_the_model_and_say_so(adversarial_graph) -> None:
    """Runs last in this module: the failed run leaves the table of the converged run as it was."""
    workspace, nodes, _, _ = adversarial_graph
    rounds = workspace.query("select max(rounds) from intermediate.int_identity_components_benchmark")[0][0]
    result = workspace.dbt(
        "run", "--select", "int_identity_components_benchmark", "--vars",
        "{components_benchmark_schema: benchmark, create_raw_relations: false, components_max_rounds: 3}",
        check=False,
    )
    assert result.returncode != 0
    still_open = re.search(r"did not converge in 3 rounds: (\d+) edges are still open", result.stdout)
    assert still_open, result.stdout[-3000:]
    # the edges still open stay for inspection, and the table of the converged run is as it was
    assert workspace.query("select count(*) from intermediate.int_identity_components_benchmark__open_edges") == [
        (int(still_open.group(1)),)
    ]
    assert workspace.query(
        "select max(rounds), count(*) from intermediate.int_identity_components_benchmark"
    ) == [(rounds, len(nodes))]
