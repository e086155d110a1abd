{#- The links that made the profiles: every edge merge protection kept, with its provenance. -#}

with

edges as (
    select * from {{ ref('int_identity_edges') }}
),

used as (
    select
        edge_id,
        identifier_type_a,
        identifier_value_a,
        identifier_type_b,
        identifier_value_b,
        link_rule,
        record_count,
        source_count,
        example_record,
        first_seen_at,
        last_seen_at
    from edges
    where is_used_for_clustering
)

select * from used
