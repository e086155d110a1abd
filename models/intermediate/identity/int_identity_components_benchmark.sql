{#- The SQL components engine run on a graph given as tables (`<schema>.edges (node_id_a, node_id_b)` and
    `<schema>.nodes (node_id)`, schema named by the var `components_benchmark_schema`): how the benchmark and the
    adversarial-graph tests measure the very macro the identity graph uses. Disabled unless that var is set. -#}
{{ config(
    enabled=var('components_benchmark_schema', none) is not none,
    post_hook="drop table if exists {{ this.schema }}.{{ this.identifier }}__work_done"
) }}

{%- set schema = var('components_benchmark_schema', 'benchmark') -%}

with

components as (
    {{ tessera.connected_components(
        this,
        'select node_id_a, node_id_b from ' ~ schema ~ '.edges',
        'select node_id from ' ~ schema ~ '.nodes'
    ) }}
)

select * from components
