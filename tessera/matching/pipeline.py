"""The probabilistic step of identity resolution, as the dbt Python model int_identity_match_pairs runs it:
match the person records, map each pair to the deterministic components of its records, decide the merges under
the cannot-link limits, and write the model and its reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from tessera.matching.merge import merge_components
from tessera.matching.model import MatchResult, train_and_predict
from tessera.matching.settings import link_only_warnings, merged_config

OUTPUT_COLUMNS = [
    "pair_id", "record_key_l", "record_key_r", "match_probability", "match_weight", "agreed_attributes",
    "conflicting_attributes", "anchor_node_id_l",
    "anchor_node_id_r", "component_id_l", "component_id_r", "decision", "refusal_reason",
    "resolved_component_id_l", "resolved_component_id_r",
]


def hard_identifier_counts(node_components: pd.DataFrame, limits: dict[str, int]) -> dict[int, dict[str, int]]:
    """Distinct hard identifiers per component and type, from one row per node (component_id, identifier_type)."""
    hard = node_components[node_components["identifier_type"].isin(list(limits))]
    counts = hard.groupby(["component_id", "identifier_type"]).size()
    result: dict[int, dict[str, int]] = {}
    for (component_id, identifier_type), count in counts.items():
        result.setdefault(int(component_id), {})[identifier_type] = int(count)
    return result


def attribute_values(
    attributes: pd.DataFrame, record_components: pd.DataFrame, names: list[str]
) -> dict[int, dict[str, set]]:
    """The distinct known values of each named attribute among the records of each component."""
    if not names:
        return {}
    located = attributes.merge(record_components[["record_key", "component_id"]], on="record_key")
    result: dict[int, dict[str, set]] = {}
    for name in names:
        known = located[["component_id", name]].dropna().drop_duplicates()
        for component_id, values in known.groupby("component_id")[name]:
            result.setdefault(int(component_id), {})[name] = set(values)
    return result


def decide_pairs(
    pairs: pd.DataFrame,
    record_components: pd.DataFrame,
    node_components: pd.DataFrame,
    limits: dict[str, int],
    values: dict[int, dict[str, set]] | None = None,
    attribute_limits: dict[str, int] | None = None,
) -> pd.DataFrame:
    """The scored pairs with the anchor node and deterministic component of each record and the merge decision.
    `record_components` holds record_key, anchor_node_id and component_id for every record in the graph."""
    located = record_components.set_index("record_key")[["anchor_node_id", "component_id"]]
    frame = pairs.join(located.add_suffix("_l"), on="record_key_l").join(located.add_suffix("_r"), on="record_key_r")
    frame = frame.dropna(subset=["component_id_l", "component_id_r"])
    frame["pair_id"] = frame["record_key_l"].astype(str) + " ~ " + frame["record_key_r"].astype(str)
    for column in ["anchor_node_id_l", "anchor_node_id_r", "component_id_l", "component_id_r"]:
        frame[column] = frame[column].astype("int64")
    decided = merge_components(
        frame.reset_index(drop=True), hard_identifier_counts(node_components, limits), limits, values, attribute_limits
    )
    return decided[OUTPUT_COLUMNS]


def write_reports(result: MatchResult, reports_path: Path, summary: dict[str, Any]) -> None:
    """The trained model (model.json), the match weights chart, the comparison viewer and a run summary."""
    reports_path.mkdir(parents=True, exist_ok=True)
    (reports_path / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    if result.linker is None:
        return
    result.linker.misc.save_model_to_json(str(reports_path / "model.json"), overwrite=True)
    chart = result.linker.visualisations.match_weights_chart()
    (reports_path / "match_weights_chart.html").write_text(chart.to_html(inline=True))
    result.linker.visualisations.comparison_viewer_dashboard(
        result.predictions, str(reports_path / "comparison_viewer.html"), overwrite=True, num_example_rows=2
    )


def run(
    attributes: pd.DataFrame,
    record_components: pd.DataFrame,
    node_components: pd.DataFrame,
    config: dict[str, Any] | None,
    limits: dict[str, int],
    reports_path: Path | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Matches the records of `attributes` that sit in the identity graph and decides the merges; returns the
    decided pairs and a summary (pairs compared, pairs above the threshold, decisions, timings, warnings). The
    configuration is validated first."""
    settings = merged_config(config)
    warnings = []
    if "record_source" in attributes:
        warnings = link_only_warnings(settings, attributes["record_source"].dropna().unique().tolist())
    # said before training, which such a mistake can make fail
    for warning in warnings:
        print(f"probabilistic matching: warning: {warning}")
    in_graph = attributes[attributes["record_key"].isin(record_components["record_key"])]
    result = train_and_predict(in_graph, settings)
    attribute_limits = dict(settings.get("cluster_attribute_limits") or {})
    values = attribute_values(in_graph, record_components, list(attribute_limits))
    decided = decide_pairs(result.pairs, record_components, node_components, limits, values, attribute_limits)
    summary = {
        "records": int(len(in_graph)),
        "pairs_compared": result.pairs_compared,
        "pairs_above_threshold": int(len(result.pairs)),
        "threshold": float(settings["threshold"]),
        "decisions": {key: int(value) for key, value in decided["decision"].value_counts().sort_index().items()},
        "training_seconds": round(result.training_seconds, 3),
        "prediction_seconds": round(result.prediction_seconds, 3),
    }
    if result.skipped_training_rules:
        summary["skipped_training_rules"] = result.skipped_training_rules
    if warnings:
        summary["warnings"] = warnings
    if reports_path is not None:
        write_reports(result, reports_path, summary)
    return decided, summary
