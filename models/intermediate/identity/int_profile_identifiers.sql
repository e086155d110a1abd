{#- Every typed identifier with the profile it belongs to. Identifiers that merge protection excluded belong to
    no profile and are listed with the reason. -#}

with

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

components as (
    select * from {{ ref('int_identity_clusters') }}
),

profiles as (
    select * from {{ ref('int_identity_profiles') }}
),

identifier_profiles as (
    select
        {{ tessera.identifier_id('nodes.identifier_type', 'nodes.identifier_value') }} as identifier_id,
        profiles.profile_id,
        nodes.identifier_type,
        nodes.identifier_value,
        nodes.first_seen_at,
        nodes.last_seen_at,
        nodes.record_count,
        nodes.source_count,
        nodes.exclusion_reason
    from nodes
    left join components on nodes.node_id = components.node_id
    left join profiles on components.component_id = profiles.component_id
    where
        {{ tessera.is_not_erased('profiles.profile_id', ['profile_id']) }}
        and {{ tessera.is_not_erased('nodes.identifier_value', ['identifier', 'requested_identifier']) }}
)

select * from identifier_profiles
