{#- Every candidate link of the identity graph, with its provenance, and the merge-protection verdict.
    A record links the identifiers it carries: each of its usable identifiers is joined to the record's anchor
    (its identifier with the smallest node id), so a record with k identifiers gives k - 1 edges, and records
    that share an identifier meet at that identifier's node. An edge that would touch an identifier excluded by
    merge protection (blocked value, hub) is kept here with `rejection_reason` and never used for clustering. -#}

with

record_nodes as (
    select * from {{ ref('int_identity_record_nodes') }}
),

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

record_edges as (
    select
        record_source,
        record_id,
        observed_at,
        exclusion_reason,
        least(anchor_node_id, node_id) as node_id_a,
        greatest(anchor_node_id, node_id) as node_id_b
    from record_nodes
    where node_id <> anchor_node_id
),

edges as (
    select
        node_id_a,
        node_id_b,
        min(exclusion_reason) as rejection_reason,
        count(*) as record_count,
        count(distinct record_source) as source_count,
        min(record_source) as first_source,
        max(record_source) as last_source,
        min(record_source || ':' || record_id) as example_record,
        min(observed_at) as first_seen_at,
        max(observed_at) as last_seen_at
    from record_edges
    group by node_id_a, node_id_b
),

described as (
    select
        {{ dbt.hash(dbt.concat([
            'node_a.identifier_type', "':'", 'node_a.identifier_value', "'|'",
            'node_b.identifier_type', "':'", 'node_b.identifier_value'
        ])) }} as edge_id,
        edges.node_id_a,
        edges.node_id_b,
        node_a.identifier_type as identifier_type_a,
        node_a.identifier_value as identifier_value_a,
        node_b.identifier_type as identifier_type_b,
        node_b.identifier_value as identifier_value_b,
        'same_record' as link_rule,
        edges.record_count,
        edges.source_count,
        edges.first_source,
        edges.last_source,
        edges.example_record,
        edges.first_seen_at,
        edges.last_seen_at,
        edges.rejection_reason,
        edges.rejection_reason is null as is_used_for_clustering
    from edges
    inner join nodes as node_a on edges.node_id_a = node_a.node_id
    inner join nodes as node_b on edges.node_id_b = node_b.node_id
)

select * from described
