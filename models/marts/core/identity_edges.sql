{#- The links that made the profiles: every edge merge protection kept (before clustering, and after it by the
    per-profile limits) and every probabilistic link accepted, with its provenance. -#}

with

edges as (
    select * from {{ ref('int_identity_edge_verdicts') }}
    where
        {{ tessera.is_not_erased('identifier_value_a', ['identifier', 'requested_identifier']) }}
        and {{ tessera.is_not_erased('identifier_value_b', ['identifier', 'requested_identifier']) }}
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
        last_seen_at,
        match_probability,
        matched_attributes
    from edges
    where is_used_for_clustering
)

select * from used
