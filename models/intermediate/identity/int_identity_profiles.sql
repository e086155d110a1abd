{#- One row per component of the identity graph: its profile id, chosen by a documented policy so that it is the
    same whatever the order of the input and however often the build runs. Policy: the component's anchor is its
    identifier of the most preferred type (var `profile_id_type_priority`), then the earliest seen, then the
    smallest value; the profile id is a hash of that typed identifier. The id only changes when the anchor
    leaves the component (an erasure, a newly blocked value) or a more preferred identifier joins it. -#}

{%- set priority = var('profile_id_type_priority') %}

with

components as (
    select * from {{ ref('int_identity_clusters') }}
),

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

ranked as (
    select
        components.component_id,
        nodes.identifier_type,
        nodes.identifier_value,
        row_number() over (
            partition by components.component_id
            order by
                case nodes.identifier_type
                    {% for identifier_type in priority -%}
                        when '{{ identifier_type }}' then {{ loop.index }}
                    {% endfor -%}
                    else {{ priority | length + 1 }}
                end,
                nodes.first_seen_at,
                nodes.identifier_type,
                nodes.identifier_value
        ) as anchor_rank
    from components
    inner join nodes on components.node_id = nodes.node_id
),

profiles as (
    select
        component_id,
        'prf_' || left({{ tessera.sha256(dbt.concat(['identifier_type', "':'", 'identifier_value'])) }}, 24)
            as profile_id,
        identifier_type as anchor_identifier_type
    from ranked
    where anchor_rank = 1
)

select * from profiles
