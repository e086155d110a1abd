{#- Every link of the identity graph with its final verdict, in one shape for the two edge marts: deterministic
    links judged by merge protection before clustering and by the per-profile limits after it, and, where
    probabilistic matching runs, the probabilistic links with the merge decision on them. -#}

with

edges as (
    select * from {{ ref('int_identity_edges') }}
),

components as (
    select * from {{ ref('int_identity_components') }}
),

limit_reasons as (
    -- links the per-profile limits dropped: one end is an identifier whose links were dropped
    select
        edges.edge_id,
        min(components.limit_reason) as limit_reason
    from edges
    inner join components
        on components.node_id in (edges.node_id_a, edges.node_id_b)
    where
        edges.is_used_for_clustering
        and components.limit_reason is not null
    group by edges.edge_id
),

deterministic as (
    select
        edges.edge_id,
        edges.identifier_type_a,
        edges.identifier_value_a,
        edges.identifier_type_b,
        edges.identifier_value_b,
        edges.link_rule,
        coalesce(edges.rejection_reason, limit_reasons.limit_reason) as rejection_reason,
        edges.record_count,
        edges.source_count,
        edges.example_record,
        edges.first_seen_at,
        edges.last_seen_at,
        cast(null as double) as match_probability,
        cast(null as {{ dbt.type_string() }}) as matched_attributes
    from edges
    left join limit_reasons on edges.edge_id = limit_reasons.edge_id
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
    {%- else -%}
        select * from deterministic
        where 1 = 0
    {%- endif %}
),

unioned as (
    select * from deterministic
    union all
    select * from probabilistic
),

judged as (
    select
        *,
        rejection_reason is null as is_used_for_clustering
    from unioned
)

select * from judged
