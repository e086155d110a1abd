{#- Every source record that carries identifiers, mapped to its profile. A record whose identifiers were all
    excluded by merge protection is kept with no profile and says why. -#}

with

record_nodes as (
    select * from {{ ref('int_identity_record_nodes') }}
),

components as (
    select * from {{ ref('int_identity_clusters') }}
),

profiles as (
    select * from {{ ref('int_identity_profiles') }}
),

records as (
    -- a record belongs to the profile of its identifiers that still link; when the per-profile limits dropped
    -- the links of all of them, to the profile of its anchor alone
    select
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
),

resolved as (
    select
        records.record_source || ':' || records.record_id as record_key,
        records.record_source,
        records.record_id,
        profiles.profile_id,
        records.identifier_count,
        records.observed_at,
        case when profiles.profile_id is null then records.exclusion_reason end as unresolved_reason
    from records
    left join components on records.anchor_node_id = components.node_id
    left join profiles on components.component_id = profiles.component_id
)

select * from resolved
