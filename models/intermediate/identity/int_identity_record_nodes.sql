{#- Every identity record with the graph nodes of the identifiers it carries and whether each may link: what the
    edges and the record-to-profile mapping are both built from. -#}

with

identifiers as (
    select * from {{ ref('int_identifiers') }}
),

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

record_nodes as (
    select
        identifiers.record_identifier_id,
        identifiers.record_source,
        identifiers.record_id,
        identifiers.observed_at,
        nodes.node_id,
        nodes.exclusion_reason,
        min(case when nodes.exclusion_reason is null then nodes.node_id end) over (
            partition by identifiers.record_source, identifiers.record_id
        ) as anchor_node_id
    from identifiers
    inner join nodes
        on
            identifiers.identifier_type = nodes.identifier_type
            and identifiers.identifier_value = nodes.identifier_value
)

select * from record_nodes
