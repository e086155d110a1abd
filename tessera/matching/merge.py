"""Cannot-link merging: probabilistic pairs join deterministic components greedily, most probable first, with a
union-find that refuses any union whose merged cluster would hold more hard identifiers of one type (two shop
customer ids, three CRM contacts, ...) than the var `hard_identifier_limits` allows, or more known values of a
person attribute than `cluster_attribute_limits` allows (two dates of birth are two people)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

DECISION_COLUMNS = ["decision", "refusal_reason", "resolved_component_id_l", "resolved_component_id_r"]


class LimitedUnionFind:
    """Union-find over component ids whose sets carry counts of hard identifiers per type; the root of a set is
    its smallest component id (so merged components keep the labelling rule of the components engines)."""

    def __init__(
        self,
        hard_counts: Mapping[int, Mapping[str, int]],
        limits: Mapping[str, int],
        attribute_values: Mapping[int, Mapping[str, set]] | None = None,
        attribute_limits: Mapping[str, int] | None = None,
    ) -> None:
        self.parent: dict[int, int] = {}
        self.counts: dict[int, dict[str, int]] = {key: dict(value) for key, value in hard_counts.items()}
        self.limits = dict(limits)
        # known values of person attributes per set (dates of birth): a set may hold at most the limit of them
        self.values: dict[int, dict[str, set]] = {
            key: {name: set(found) for name, found in value.items()} for key, value in (attribute_values or {}).items()
        }
        self.attribute_limits = dict(attribute_limits or {})

    def find(self, item: int) -> int:
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while item != root:
            self.parent[item], item = root, self.parent.get(item, item)
        return root

    def conflict(self, a: int, b: int) -> str | None:
        """Why the sets of `a` and `b` may not merge (the first hard type over its limit), or None."""
        counts_a = self.counts.get(self.find(a), {})
        counts_b = self.counts.get(self.find(b), {})
        for identifier_type, limit in sorted(self.limits.items()):
            held_a, held_b = counts_a.get(identifier_type, 0), counts_b.get(identifier_type, 0)
            if held_a and held_b and held_a + held_b > limit:
                return f"cannot_link: {held_a + held_b} distinct {identifier_type} (limit {limit})"
        values_a = self.values.get(self.find(a), {})
        values_b = self.values.get(self.find(b), {})
        for attribute, limit in sorted(self.attribute_limits.items()):
            found_a, found_b = values_a.get(attribute, set()), values_b.get(attribute, set())
            if found_a and found_b and len(found_a | found_b) > limit:
                return f"cannot_link: {len(found_a | found_b)} distinct {attribute} (limit {limit})"
        return None

    def union(self, a: int, b: int) -> str | None:
        """Merges the sets of `a` and `b` unless that breaks a limit; returns the refusal reason, or None."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return None
        reason = self.conflict(root_a, root_b)
        if reason:
            return reason
        keep, absorbed = min(root_a, root_b), max(root_a, root_b)
        self.parent[absorbed] = keep
        merged = dict(self.counts.pop(keep, {}))
        for identifier_type, count in self.counts.pop(absorbed, {}).items():
            merged[identifier_type] = merged.get(identifier_type, 0) + count
        self.counts[keep] = merged
        values = self.values.pop(keep, {})
        for attribute, found in self.values.pop(absorbed, {}).items():
            values[attribute] = values.get(attribute, set()) | found
        self.values[keep] = values
        return None


def merge_components(
    pairs: pd.DataFrame,
    hard_counts: Mapping[int, Mapping[str, int]],
    limits: Mapping[str, int],
    attribute_values: Mapping[int, Mapping[str, set]] | None = None,
    attribute_limits: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Decides every pair of components (columns component_id_l, component_id_r, match_probability and optionally
    conflicting_attributes): `accepted` (it merged two sets, or joined ones already merged by a more probable
    pair), `refused` with the reason (attributes that must not differ do, or hard identifiers conflict), or
    `same_component` (deterministic links had joined them already). Pairs are taken in descending probability,
    ties in component order, so the result does not depend on the order of the input."""
    result = pairs.copy()
    if result.empty:
        for column in DECISION_COLUMNS:
            result[column] = pd.Series(dtype="object" if "reason" in column or column == "decision" else "int64")
        return result
    order = result.sort_values(
        ["match_probability", "component_id_l", "component_id_r"], ascending=[False, True, True], kind="stable"
    ).index
    sets = LimitedUnionFind(hard_counts, limits, attribute_values, attribute_limits)
    decisions: dict[int, tuple[str, str | None]] = {}
    for index in order:
        left, right = int(result.at[index, "component_id_l"]), int(result.at[index, "component_id_r"])
        if left == right:
            decisions[index] = ("same_component", None)
            continue
        conflict = result.at[index, "conflicting_attributes"] if "conflicting_attributes" in result else None
        if isinstance(conflict, str) and conflict:
            decisions[index] = ("refused", f"conflict: {conflict}")
            continue
        reason = sets.union(left, right)
        decisions[index] = ("refused", reason) if reason else ("accepted", None)
    result["decision"] = [decisions[index][0] for index in result.index]
    result["refusal_reason"] = [decisions[index][1] for index in result.index]
    result["resolved_component_id_l"] = [sets.find(int(value)) for value in result["component_id_l"]]
    result["resolved_component_id_r"] = [sets.find(int(value)) for value in result["component_id_r"]]
    return result
