"""Exact connected components of the protected identity graph with scipy (tessera.identity.components): the
same result as int_identity_components_sql, for engines that run dbt Python models."""

import pyarrow as pa

from tessera.identity.components import component_labels


def _table(relation):
    """The relation's rows as an Arrow table, read to the end (DuckDB 2 streams `arrow()` as a reader)."""
    result = relation.arrow()
    return result.read_all() if hasattr(result, "read_all") else result


def model(dbt, session):
    dbt.config(materialized="table")
    edges = _table(dbt.ref("int_identity_edges").filter("is_used_for_clustering").select("node_id_a, node_id_b"))
    nodes = _table(dbt.ref("int_identity_nodes").filter("exclusion_reason is null").select("node_id"))
    node_ids = nodes.column("node_id").to_numpy()
    labels = component_labels(
        node_ids, edges.column("node_id_a").to_numpy(), edges.column("node_id_b").to_numpy()
    )
    return pa.table({"node_id": node_ids, "component_id": labels, "rounds": pa.array([0] * len(node_ids), pa.int64())})
