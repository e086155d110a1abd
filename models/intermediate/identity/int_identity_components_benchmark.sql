{#- The SQL components engine run on a graph given as tables (`<schema>.edges (node_id_a, node_id_b)` and
    `<schema>.nodes (node_id)`, schema named by the var `components_benchmark_schema`): how the benchmark and the
    adversarial-graph tests measure the very round and materialization the identity graph uses
    (int_identity_components_sql). Disabled unless that var is set. -#}

{{ config(
    enabled=var('components_benchmark_schema', none) is not none,
    materialized='connected_components',
) }}

{%- set schema = var('components_benchmark_schema', 'benchmark') %}

with

graph_edges as (
    select
        node_id_a,
        node_id_b
    from {{ schema }}.edges
),

graph_nodes as (
    select node_id
    from {{ schema }}.nodes
),

{{ tessera.connected_components_round(this, 'graph_edges', 'graph_nodes') }}

select * from round_edges
