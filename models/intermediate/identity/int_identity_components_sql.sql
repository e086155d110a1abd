{#- Exact connected components of the protected identity graph, in portable SQL (macro connected_components):
    one row per usable identifier node with its component (the smallest node id in it). -#}

{{ config(post_hook="drop table if exists {{ this.schema }}.{{ this.identifier }}__work_done") }}

{%- set edges_sql -%}
    select node_id_a, node_id_b from {{ ref('int_identity_edges') }} where is_used_for_clustering
{%- endset -%}
{%- set nodes_sql -%}
    select node_id from {{ ref('int_identity_nodes') }} where exclusion_reason is null
{%- endset -%}

with

components as (
    {{ tessera.connected_components(this, edges_sql, nodes_sql) }}
)

select * from components
