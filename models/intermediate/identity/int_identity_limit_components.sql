{#- The connected components of every level of the identifiers over the per-profile limits
    (int_identity_limit_nodes): at level k, each record links those of its identifiers whose type the level has not
    dropped, as int_identity_edges links a record's identifiers (each to the record's smallest). One row per level
    node with its component (its smallest level node) and the rounds the loop took.

    What compiles is what runs: like int_identity_components_sql, this query is ONE round of the
    `connected_components` materialization (macro connected_components_round) over the graph below; the
    materialization runs it once a round until no edge is left open. -#}

{{ config(materialized='connected_components') }}

with

level_nodes as (
    select * from {{ ref('int_identity_limit_nodes') }}
),

record_nodes as (
    select * from {{ ref('int_identity_record_nodes') }}
),

linking_record_nodes as (
    select
        record_nodes.record_source,
        record_nodes.record_id,
        level_nodes.limit_level,
        level_nodes.level_node_id
    from record_nodes
    inner join level_nodes on record_nodes.node_id = level_nodes.node_id
    where record_nodes.exclusion_reason is null and not level_nodes.has_links_dropped
),

graph_edges as (
    select
        level_node_id as node_id_a,
        min(level_node_id) over (partition by record_source, record_id, limit_level) as node_id_b
    from linking_record_nodes
),

graph_nodes as (
    select level_node_id as node_id
    from level_nodes
),

{{ tessera.connected_components_round(this, 'graph_edges', 'graph_nodes') }}

select * from round_edges
