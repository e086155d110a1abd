"""Graphs that are hard for a connected-components loop, for tests and benchmarks: long chains (defeat plain
label propagation), hubs (one node of huge degree), many small families, and random identity-like graphs."""

from __future__ import annotations

import numpy as np


def relabel(edges_a: np.ndarray, edges_b: np.ndarray, node_count: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shuffles node ids (1..node_count) so that no structure is given away by the numbering."""
    permutation = np.random.default_rng(seed).permutation(node_count) + 1
    return np.arange(1, node_count + 1)[permutation - 1], permutation[edges_a - 1], permutation[edges_b - 1]


def chain(length: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One path of `length` nodes."""
    nodes = np.arange(1, length + 1)
    return relabel(nodes[:-1], nodes[1:], length, seed)


def hub(degree: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One node linked to `degree` others."""
    return relabel(np.ones(degree, dtype=np.int64), np.arange(2, degree + 2), degree + 1, seed)


def families(count: int, size: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`count` disjoint cliques of `size` nodes, plus as many isolated nodes."""
    a, b = [], []
    for family in range(count):
        members = np.arange(family * size + 1, family * size + size + 1)
        for i in range(size):
            for j in range(i + 1, size):
                a.append(members[i])
                b.append(members[j])
    total = count * size + count
    return relabel(np.array(a, dtype=np.int64), np.array(b, dtype=np.int64), total, seed)


def identity_like(persons: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A random graph shaped like identity data: per person a few identifiers in a star or a short path, and
    a small share of persons bridged to another one."""
    rng = np.random.default_rng(seed)
    per_person = rng.integers(1, 7, size=persons)
    starts = np.concatenate([[0], np.cumsum(per_person)[:-1]]) + 1
    total = int(per_person.sum())
    owner = np.repeat(np.arange(persons), per_person)
    position = np.arange(1, total + 1)
    anchor = starts[owner]
    linked = position != anchor
    a = anchor[linked]
    b = position[linked]
    bridges = rng.integers(0, persons, size=(persons // 50, 2))
    a = np.concatenate([a, starts[bridges[:, 0]]])
    b = np.concatenate([b, starts[bridges[:, 1]]])
    keep = a != b
    return relabel(a[keep], b[keep], total, seed)
