"""Connected components: the scipy engine labels like the SQL engine, and the SQL engine (the dbt macro the
identity graph uses) is exact on adversarial graphs in a number of rounds that grows with log(nodes)."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from dbt_runner import DbtWorkspace
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


@pytest.fixture(scope="module")
def adversarial_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtWorkspace, np.ndarray, np.ndarray]:
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
    workspace.dbt(
        "run",
        "--select",
        "int_identity_components_benchmark",
        "--vars",
        "{components_benchmark_schema: benchmark, create_raw_relations: false}",
    )
    return workspace, nodes, component_labels(nodes, edges_a, edges_b)


def test_sql_engine_finds_exactly_the_scipy_components(adversarial_graph) -> None:
    workspace, nodes, expected = adversarial_graph
    rows = workspace.query(
        "select node_id, component_id from intermediate.int_identity_components_benchmark order by node_id"
    )
    order = np.argsort(nodes)
    assert [row[0] for row in rows] == nodes[order].tolist()
    assert [row[1] for row in rows] == expected[order].tolist()


def test_sql_engine_converges_in_logarithmic_rounds(adversarial_graph) -> None:
    workspace, nodes, _ = adversarial_graph
    rounds = workspace.query("select max(rounds) from intermediate.int_identity_components_benchmark")[0][0]
    assert 1 <= rounds <= 2 * math.log2(len(nodes)), rounds
