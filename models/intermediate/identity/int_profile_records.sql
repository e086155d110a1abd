{#- Every source record that carries identifiers, mapped to its profile. A record whose identifiers were all
    excluded by merge protection is kept with no profile and says why. -#}

with

records as (
    select * from {{ ref('int_identity_record_anchors') }}
),

components as (
    select * from {{ ref('int_identity_clusters') }}
),

profiles as (
    select * from {{ ref('int_identity_profiles') }}
),

resolved as (
    select
        records.record_key,
        records.record_source,
        records.record_id,
        profiles.profile_id,
        records.identifier_count,
        records.observed_at,
        case when profiles.profile_id is null then records.exclusion_reason end as unresolved_reason
    from records
    left join components on records.anchor_node_id = components.node_id
    left join profiles on components.component_id = profiles.component_id
    where {{ tessera.is_not_erased('profiles.profile_id', ['profile_id']) }}
)

select * from resolved
