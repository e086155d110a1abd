"""The per-profile limits of hard identifiers (int_identity_limit_nodes, int_identity_limit_components,
int_identity_components) give what their rule says, written here as the loop it describes: in the components over a
limit, drop the links of the least trusted identifier type, cluster again, and go on with the next type in the
parts still over, until none is. Checked on a random identity graph whose soft identifiers chain many hard
identities together, so that components settle at every level."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from dbt_runner import DbtWorkspace
from tessera.identity.components import component_labels

LIMIT_MODELS = ("int_identity_limit_nodes", "int_identity_limit_components", "int_identity_components")
NO_RAW = "{create_raw_relations: false}"


def _reason(identifier_type: str) -> str:
    return f"limit: links of {identifier_type} dropped in a profile over the hard identifier limits"


def limits_by_loop(
    node_types: dict[int, str],
    record_nodes: list[tuple[int, int]],
    components: dict[int, int],
    limits: dict[str, int],
    drop_order: list[str],
) -> dict[int, tuple[int, str | None]]:
    """Each node's component and limit reason after the limits, level by level."""
    state = {node: [component, None] for node, component in components.items()}
    dropped: list[str] = []
    for dropped_type in drop_order:
        counts = Counter(
            (component, node_types[node]) for node, (component, _) in state.items() if node_types[node] in limits
        )
        over = {component for (component, hard_type), count in counts.items() if count > limits[hard_type]}
        if not over:
            break
        dropped.append(dropped_type)
        members = np.array(sorted(node for node, (component, _) in state.items() if component in over))
        linking = set(members.tolist())
        by_record: dict[int, list[int]] = defaultdict(list)
        for record, node in record_nodes:
            if node in linking and node_types[node] not in dropped:
                by_record[record].append(node)
        edges_a = [node for nodes in by_record.values() for node in nodes]
        edges_b = [min(nodes) for nodes in by_record.values() for _ in nodes]
        labels = component_labels(members, np.array(edges_a, dtype=np.int64), np.array(edges_b, dtype=np.int64))
        for node, label in zip(members.tolist(), labels.tolist()):
            state[node][0] = label
            if state[node][1] is None and node_types[node] == dropped_type:
                state[node][1] = _reason(dropped_type)
    return {node: (component, reason) for node, (component, reason) in state.items()}


def _identity_graph(hard_types: list[str], soft_types: list[str], seed: int):
    """Records carrying a hard identifier and a few soft ones drawn from small pools, so that soft identifiers chain
    records of different people; a few excluded identifiers are on records but in no component."""
    rng = np.random.default_rng(seed)
    pools = {identifier_type: 900 for identifier_type in hard_types}
    pools.update({identifier_type: 700 + 150 * rank for rank, identifier_type in enumerate(soft_types)})
    records = []
    for record in range(1500):
        carried = {(hard_types[record % len(hard_types)], int(rng.integers(pools[hard_types[0]])))}
        for identifier_type in rng.choice(soft_types, size=int(rng.integers(0, 4)), replace=False):
            carried.add((str(identifier_type), int(rng.integers(pools[str(identifier_type)]))))
        records.extend((record, identifier_type, value) for identifier_type, value in sorted(carried))
    identifiers = sorted({(identifier_type, value) for _, identifier_type, value in records})
    node_ids = {identifier: node_id for node_id, identifier in enumerate(identifiers, start=1)}
    excluded = {node_id for node_id in node_ids.values() if node_id % 97 == 0}
    record_nodes = [(record, node_ids[(identifier_type, value)]) for record, identifier_type, value in records]
    node_types = {node_id: identifier_type for (identifier_type, _), node_id in node_ids.items()}
    usable = np.array(sorted(set(node_types) - excluded))
    by_record: dict[int, list[int]] = defaultdict(list)
    for record, node in record_nodes:
        if node not in excluded:
            by_record[record].append(node)
    edges_a = np.array([node for nodes in by_record.values() for node in nodes], dtype=np.int64)
    edges_b = np.array([min(nodes) for nodes in by_record.values() for _ in nodes], dtype=np.int64)
    components = dict(zip(usable.tolist(), component_labels(usable, edges_a, edges_b).tolist()))
    return node_types, excluded, record_nodes, components


def _project_settings(workspace: DbtWorkspace) -> tuple[dict[str, int], list[str]]:
    """The hard identifier limits and the drop order as the project configures them."""
    inline = "{{ tojson({'limits': var('hard_identifier_limits'), 'order': tessera.identifier_drop_order()}) }}"
    output = workspace.dbt("--quiet", "compile", "--vars", NO_RAW, "--inline", inline).stdout
    settings = json.loads(re.search(r"\{.*\}", output).group(0))
    return settings["limits"], settings["order"]


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory):
    """The limit models built on a random graph: their inputs are written as tables where the models read them."""
    work = tmp_path_factory.mktemp("limits")
    workspace = DbtWorkspace(work / "raw", work / "limits.duckdb", work / "target")
    limits, drop_order = _project_settings(workspace)
    node_types, excluded, record_nodes, components = _identity_graph(list(limits), drop_order, seed=11)
    nodes = pa.table({
        "node_id": list(node_types),
        "identifier_type": list(node_types.values()),
        "exclusion_reason": ["blocked" if node in excluded else None for node in node_types],
    })
    records = pa.table({
        "record_source": ["test_source"] * len(record_nodes),
        "record_id": [str(record) for record, _ in record_nodes],
        "node_id": [node for _, node in record_nodes],
        "exclusion_reason": ["blocked" if node in excluded else None for _, node in record_nodes],
    })
    engine = pa.table({
        "node_id": list(components), "component_id": list(components.values()), "rounds": [3] * len(components)
    })
    with duckdb.connect(str(workspace.database_path)) as connection:
        connection.sql("create schema intermediate")
        connection.sql("create table intermediate.int_identity_nodes as select * from nodes")
        connection.sql("create table intermediate.int_identity_record_nodes as select * from records")
        connection.sql("create table intermediate.int_identity_components_sql as select * from engine")
    workspace.dbt("run", "--select", *LIMIT_MODELS, "--vars", NO_RAW)
    expected = limits_by_loop(
        node_types, [(record, node) for record, node in record_nodes if node not in excluded], components, limits,
        drop_order,
    )
    return workspace, expected, drop_order


def test_limits_give_what_the_loop_gives(limited) -> None:
    workspace, expected, _ = limited
    rows = workspace.query(
        "select node_id, component_id, limit_reason, rounds, components_engine"
        " from intermediate.int_identity_components order by node_id"
    )
    assert {node: (component, reason) for node, component, reason, _, _ in rows} == expected
    assert {(rounds, engine) for *_, rounds, engine in rows} == {(3, "sql")}


def test_the_random_graph_settles_components_at_every_level(limited) -> None:
    """The graph is hard enough to mean something: components over a limit settle at several levels, and the
    links of every soft type but the most trusted are dropped somewhere."""
    workspace, expected, drop_order = limited
    over_limit = workspace.query("select count(distinct component_id) from intermediate.int_identity_limit_nodes")
    assert over_limit[0][0] >= 20
    reasons = Counter(reason for _, reason in expected.values() if reason)
    assert set(reasons) >= {_reason(identifier_type) for identifier_type in drop_order[:-1]}, reasons
