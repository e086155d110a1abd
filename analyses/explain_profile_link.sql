-- Why do two identifiers share a profile? The shortest path of identity edges between them, each hop with the
-- record that produced it. Run with, for example:
--   dbt compile --select explain_profile_link \
--     --vars '{explain_from: "email:jane@mail.com", explain_to: "shop_customer_id:1001"}'
-- and run the compiled SQL (DuckDB). Identifiers are written type:value, as in profile_identifiers.

{%- set from_identifier = var('explain_from', 'email:unknown') %}
{%- set to_identifier = var('explain_to', 'email:unknown') %}
{%- set max_hops = var('explain_max_hops', 8) %}

with recursive

edges as (
    select
        identifier_type_a || ':' || identifier_value_a as node_a,
        identifier_type_b || ':' || identifier_value_b as node_b,
        example_record
    from {{ ref('identity_edges') }}
),

hops as (
    select
        node_a as from_node,
        node_b as to_node,
        example_record
    from edges
    union all
    select
        node_b as from_node,
        node_a as to_node,
        example_record
    from edges
),

walk (current_node, identifier_path, record_path, hop_count) as (
    select
        '{{ from_identifier }}' as current_node,
        ['{{ from_identifier }}'] as identifier_path,
        cast([] as varchar[]) as record_path,
        0 as hop_count
    union all
    select
        hops.to_node as current_node,
        list_append(walk.identifier_path, hops.to_node) as identifier_path,
        list_append(walk.record_path, hops.example_record) as record_path,
        walk.hop_count + 1 as hop_count
    from walk
    inner join hops on walk.current_node = hops.from_node
    where
        not list_contains(walk.identifier_path, hops.to_node)
        and walk.hop_count < {{ max_hops }}
        and walk.current_node <> '{{ to_identifier }}'
),

shortest as (
    select
        identifier_path,
        record_path,
        hop_count
    from walk
    where current_node = '{{ to_identifier }}'
    order by hop_count asc
    limit 1
)

select * from shortest
