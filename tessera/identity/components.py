"""Exact connected components with scipy, labelled like the SQL engine: by the smallest node id."""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def component_labels(node_ids: np.ndarray, edges_a: np.ndarray, edges_b: np.ndarray) -> np.ndarray:
    """For every node id, the smallest node id of its connected component.

    Node ids index the sparse matrix directly when they are dense (the graph's node ids are 1..n, less the
    excluded ones), and are mapped to positions otherwise, so memory follows the number of nodes, not the
    range of the ids. Every edge end must be among `node_ids`, which must be unique."""
    node_ids = np.asarray(node_ids, dtype=np.int64)
    edges_a = np.asarray(edges_a, dtype=np.int64)
    edges_b = np.asarray(edges_b, dtype=np.int64)
    if len(node_ids) == 0:
        return node_ids.copy()
    dense = node_ids.min() >= 0 and node_ids.max() < 2 * len(node_ids) + 16
    if dense:
        size = int(node_ids.max()) + 1
        listed = np.zeros(size, dtype=bool)
        listed[node_ids] = True
        if listed.sum() != len(node_ids):
            raise ValueError("node ids must be unique")
        for ends in (edges_a, edges_b):
            if len(ends) and (ends.min() < 0 or ends.max() >= size or not listed[ends].all()):
                raise ValueError("every edge end must be a listed node")
        positions, rows, cols, position_ids = node_ids, edges_a, edges_b, np.arange(size, dtype=np.int64)
    else:
        position_ids = np.sort(node_ids)
        if np.any(position_ids[1:] == position_ids[:-1]):
            raise ValueError("node ids must be unique")
        size = len(position_ids)
        rows = np.searchsorted(position_ids, edges_a)
        cols = np.searchsorted(position_ids, edges_b)
        for found, ends in ((rows, edges_a), (cols, edges_b)):
            if not (found < size).all() or np.any(position_ids[found] != ends):
                raise ValueError("every edge end must be a listed node")
        positions = np.searchsorted(position_ids, node_ids)
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(size, size))
    count, labels = connected_components(graph, directed=False)
    # the first position of each component is its smallest node id: writing positions in reverse order leaves
    # the first one
    first_position = np.empty(count, dtype=np.int64)
    first_position[labels[::-1]] = np.arange(size - 1, -1, -1, dtype=np.int64)
    return position_ids[first_position][labels[positions]]
