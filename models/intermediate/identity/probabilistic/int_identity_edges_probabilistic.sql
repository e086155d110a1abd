{#- The probabilistic links, in the shape of int_identity_edges: each pair of person records at or above the
    match threshold links the anchor nodes of its two records. A link refused because the clusters it would join
    hold conflicting hard identifiers keeps the refusal as its rejection reason and is never used. -#}

with

pairs as (
    select * from {{ ref('int_identity_match_pairs') }}
    where anchor_node_id_l <> anchor_node_id_r
),

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

oriented as (
    select
        least(anchor_node_id_l, anchor_node_id_r) as node_id_a,
        greatest(anchor_node_id_l, anchor_node_id_r) as node_id_b,
        record_key_l,
        record_key_r,
        match_probability,
        agreed_attributes,
        refusal_reason,
        row_number() over (
            partition by least(anchor_node_id_l, anchor_node_id_r), greatest(anchor_node_id_l, anchor_node_id_r)
            order by match_probability desc, record_key_l asc, record_key_r asc
        ) as strength_rank
    from pairs
),

edges as (
    select
        node_id_a,
        node_id_b,
        min(refusal_reason) as rejection_reason,
        count(*) as record_count,
        max(match_probability) as match_probability,
        min(case when strength_rank = 1 then agreed_attributes end) as matched_attributes,
        min(case when strength_rank = 1 then record_key_l || ' ~ ' || record_key_r end) as example_record
    from oriented
    group by node_id_a, node_id_b
),

described as (
    select
        {{ dbt.hash(dbt.concat([
            "'probabilistic|'", 'node_a.identifier_type', "':'", 'node_a.identifier_value', "'|'",
            'node_b.identifier_type', "':'", 'node_b.identifier_value'
        ])) }} as edge_id,
        edges.node_id_a,
        edges.node_id_b,
        node_a.identifier_type as identifier_type_a,
        node_a.identifier_value as identifier_value_a,
        node_b.identifier_type as identifier_type_b,
        node_b.identifier_value as identifier_value_b,
        'probabilistic' as link_rule,
        edges.record_count,
        edges.match_probability,
        edges.matched_attributes,
        edges.example_record,
        edges.rejection_reason,
        edges.rejection_reason is null as is_used_for_clustering
    from edges
    inner join nodes as node_a on edges.node_id_a = node_a.node_id
    inner join nodes as node_b on edges.node_id_b = node_b.node_id
)

select * from described
