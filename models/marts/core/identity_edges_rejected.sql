{#- The audit of merge protection: every link that was not used, and why: excluded before clustering (blocked
    value, hub, shared identifier), dropped after it by the per-profile limits, or a probabilistic link refused.
    Nothing is dropped silently. -#}

with

edges as (
    select * from {{ ref('int_identity_edge_verdicts') }}
    where
        {{ tessera.is_not_erased('identifier_value_a', ['identifier', 'requested_identifier']) }}
        and {{ tessera.is_not_erased('identifier_value_b', ['identifier', 'requested_identifier']) }}
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
        last_seen_at,
        match_probability,
        matched_attributes
    from edges
    where not is_used_for_clustering
)

select * from rejected
