{#- The links that made the profiles: every edge merge protection kept (before clustering, and after it by the
    per-profile limits), with its provenance. -#}

with

edges as (
    select * from {{ ref('int_identity_edges') }}
),

components as (
    select * from {{ ref('int_identity_components') }}
),

limited_edges as (
    select distinct edges.edge_id
    from edges
    inner join components
        on components.node_id in (edges.node_id_a, edges.node_id_b)
    where components.limit_reason is not null
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
        cast(null as double) as match_probability,
        cast(null as {{ dbt.type_string() }}) as matched_attributes
    from edges
    where
        is_used_for_clustering
        and edge_id not in (select limited_edges.edge_id from limited_edges)
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
            record_count,
            cast(null as {{ dbt.type_bigint() }}) as source_count,
            example_record,
            cast(null as {{ dbt.type_timestamp() }}) as first_seen_at,
            cast(null as {{ dbt.type_timestamp() }}) as last_seen_at,
            match_probability,
            matched_attributes
        from {{ ref('int_identity_edges_probabilistic') }}
        where is_used_for_clustering
    {%- else -%}
        select * from used
        where 1 = 0
    {%- endif %}
),

unioned as (
    select * from used
    union all
    select * from probabilistic
)

select * from unioned
