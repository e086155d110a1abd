{#- One row per identity record with the node that places it in the graph: its smallest identifier that still
    links after merge protection and the per-profile limits; when the limits dropped the links of all of them,
    its anchor alone. What profile_records and the deterministic scores map records by. -#}

with

record_nodes as (
    select * from {{ ref('int_identity_record_nodes') }}
),

components as (
    select * from {{ ref('int_identity_components') }}
),

records as (
    select
        record_nodes.record_source || ':' || record_nodes.record_id as record_key,
        record_nodes.record_source,
        record_nodes.record_id,
        min(record_nodes.observed_at) as observed_at,
        coalesce(
            min(
                case
                    when record_nodes.exclusion_reason is null and components.limit_reason is null
                        then record_nodes.node_id
                end
            ),
            min(record_nodes.anchor_node_id)
        ) as anchor_node_id,
        count(*) as identifier_count,
        min(record_nodes.exclusion_reason) as exclusion_reason
    from record_nodes
    left join components on record_nodes.node_id = components.node_id
    group by record_nodes.record_source, record_nodes.record_id
)

select * from records
