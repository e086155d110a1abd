{#- The audit of merge protection: every link that was not used, and why. Nothing is dropped silently. -#}

with

edges as (
    select * from {{ ref('int_identity_edges') }}
),

rejected as (
    select
        edge_id,
        identifier_type_a,
        identifier_value_a,
        identifier_type_b,
        identifier_value_b,
        link_rule,
        rejection_reason,
        record_count,
        source_count,
        example_record,
        first_seen_at,
        last_seen_at
    from edges
    where not is_used_for_clustering
)

select * from rejected
