{#- Exact connected components of the protected identity graph in portable SQL: one row per usable identifier
    node with its component (the smallest node id in it) and the rounds the loop took.

    What compiles is what runs: this query is ONE round (macro connected_components_round: large star then small
    star), over the graph below and over the edges the previous round left open, a work table of the
    `connected_components` materialization (`<this>__open_edges`, empty before the first round, when the round
    reads the graph instead). The materialization runs the query as compiled once a round, keeps the finished
    stars, stops at the first round that leaves no edge open (config max_rounds, default the var
    components_max_rounds) and writes each node's component (macros/materializations/connected_components.sql). -#}

{{ config(materialized='connected_components') }}

with

graph_edges as (
    select
        node_id_a,
        node_id_b
    from {{ ref('int_identity_edges') }}
    where is_used_for_clustering
),

graph_nodes as (
    select node_id
    from {{ ref('int_identity_nodes') }}
    where exclusion_reason is null
),

{{ tessera.connected_components_round(this, 'graph_edges', 'graph_nodes') }}

select * from round_edges
