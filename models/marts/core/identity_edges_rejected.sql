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
        last_seen_at,
        cast(null as double) as match_probability,
        cast(null as {{ dbt.type_string() }}) as matched_attributes
    from edges
    where not is_used_for_clustering
),

probabilistic as (
    -- links from probabilistic matching (int_identity_edges_probabilistic), in the same shape
    {% if tessera.probabilistic_matching_enabled() -%}
        select
            edge_id,
            identifier_type_a,
            identifier_value_a,
            identifier_type_b,
            identifier_value_b,
            link_rule,
            rejection_reason,
            record_count,
            cast(null as {{ dbt.type_bigint() }}) as source_count,
            example_record,
            cast(null as {{ dbt.type_timestamp() }}) as first_seen_at,
            cast(null as {{ dbt.type_timestamp() }}) as last_seen_at,
            match_probability,
            matched_attributes
        from {{ ref('int_identity_edges_probabilistic') }}
        where not is_used_for_clustering
    {%- else -%}
        select * from rejected
        where 1 = 0
    {%- endif %}
),

unioned as (
    select * from rejected
    union all
    select * from probabilistic
)

select * from unioned
