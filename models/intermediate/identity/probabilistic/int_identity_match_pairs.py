"""Probabilistic matching of person records (Splink, tessera.matching): every pair of records at or above the
threshold, with the deterministic components of its records and whether it merges them under the cannot-link
limits. Writes the trained model and its reports to the configured folder."""

import json
from pathlib import Path

from tessera.matching.pipeline import run
from tessera.matching.settings import merged_config


def model(dbt, session):
    dbt.config(materialized="table")
    # validated before any record is read: a mistake in the var fails here, naming the key and the fix
    config = merged_config(json.loads(dbt.config.get("matching_config")))
    limits = json.loads(dbt.config.get("hard_identifier_limits"))
    attributes = dbt.ref("int_person_attributes").df()
    record_nodes = dbt.ref("int_identity_record_nodes")
    components = dbt.ref("int_identity_components")
    nodes = dbt.ref("int_identity_nodes")
    record_components = (
        record_nodes.filter("anchor_node_id is not null")
        .aggregate(
            "record_source || ':' || record_id as record_key, min(anchor_node_id) as anchor_node_id",
            "record_source, record_id",
        )
        .set_alias("records")
        .join(components.set_alias("components"), "records.anchor_node_id = components.node_id")
        .select("records.record_key, records.anchor_node_id, components.component_id")
        .df()
    )
    node_components = (
        nodes.set_alias("nodes")
        .join(components.set_alias("components"), "nodes.node_id = components.node_id")
        .select("components.component_id, nodes.identifier_type")
        .df()
    )
    reports_path = Path(config["reports_path"])
    decided, summary = run(attributes, record_components, node_components, config, limits, reports_path)
    print("probabilistic matching: " + json.dumps(summary))
    return decided
