"""Exact connected components with scipy, labelled like the SQL engine: by the smallest node id."""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def component_labels(node_ids: np.ndarray, edges_a: np.ndarray, edges_b: np.ndarray) -> np.ndarray:
    """For every node id, the smallest node id of its connected component.

    Node ids are arbitrary integers; they are mapped to positions so the sparse matrix stays as small as the
    number of nodes, whatever the ids' range. Every edge end must be among `node_ids`."""
    node_ids = np.asarray(node_ids, dtype=np.int64)
    order = np.argsort(node_ids)
    sorted_ids = node_ids[order]
    if len(sorted_ids) and np.any(sorted_ids[1:] == sorted_ids[:-1]):
        raise ValueError("node ids must be unique")
    edges_a = np.asarray(edges_a, dtype=np.int64)
    edges_b = np.asarray(edges_b, dtype=np.int64)
    rows = np.searchsorted(sorted_ids, edges_a)
    cols = np.searchsorted(sorted_ids, edges_b)
    for positions, ends in ((rows, edges_a), (cols, edges_b)):
        inside = positions < len(sorted_ids)
        if not inside.all() or np.any(sorted_ids[positions] != ends):
            raise ValueError("every edge end must be a listed node")
    size = len(sorted_ids)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    smallest = np.full(labels.max(initial=-1) + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(smallest, labels, sorted_ids)
    result = np.empty(size, dtype=np.int64)
    result[order] = smallest[labels]
    return result
