{#- The connected components the rest of the project reads, from the engine named by the var `components_engine`:
    `sql` (portable) or `python` (scipy, where dbt Python models run), with the per-profile limits of hard
    identifiers enforced on them. On an engine without Python models the SQL engine is used, and the build log
    says so.

    The limits: in a component that holds more values of a hard type than `hard_identifier_limits` allows, the
    links of the least trusted identifier type are dropped (macro identifier_drop_order: types outside
    `profile_id_type_priority` first, then that list from its end), its records re-linked through their other
    identifiers and the component clustered again; then the next least trusted type in the parts still over a
    limit, until none is. Every level of that is clustered at once (int_identity_limit_nodes,
    int_identity_limit_components); here each identifier of a component over a limit takes its component at the
    first level at which that component is within the limits, else at the last level. Hard identifiers are never
    dropped, so a single record that carries two of them keeps them together (the warning test
    assert_profiles_within_identifier_limits lists such profiles). An identifier whose links were dropped is a
    component of its own and says why in `limit_reason`. -#}

{%- set engine = tessera.components_engine() %}
{%- if engine != var('components_engine') %}
    {{ log('components_engine=' ~ var('components_engine') ~ ' needs dbt Python models, which ' ~ target.type
        ~ ' does not run here: using the SQL engine', info=true) }}
{%- endif %}

with

engine_components as (
    select * from {{ ref('int_identity_components_' ~ engine) }}
),

level_nodes as (
    select * from {{ ref('int_identity_limit_nodes') }}
),

level_components as (
    select * from {{ ref('int_identity_limit_components') }}
),

level_clusters as (
    select
        level_nodes.node_id,
        level_nodes.limit_level,
        level_nodes.identifier_type,
        level_nodes.has_links_dropped,
        level_components.component_id as level_component_id
    from level_nodes
    inner join level_components on level_nodes.level_node_id = level_components.node_id
),

level_hard_identifier_counts as (
    select
        limit_level,
        level_component_id,
        identifier_type,
        count(*) as identifier_count
    from level_clusters
    where identifier_type in ({{ tessera.quoted_values(var('hard_identifier_limits').keys() | list) }})
    group by limit_level, level_component_id, identifier_type
),

level_components_over_limit as (
    select distinct
        limit_level,
        level_component_id
    from level_hard_identifier_counts
    where {{ tessera.exceeds_identifier_limits('identifier_type', 'identifier_count') }}
),

settled_levels as (
    -- each identifier's level: the first at which its component is within the limits, else the last
    select
        level_clusters.node_id,
        coalesce(
            min(case when over_limit.level_component_id is null then level_clusters.limit_level end),
            max(level_clusters.limit_level)
        ) as limit_level
    from level_clusters
    left join level_components_over_limit as over_limit
        on
            level_clusters.limit_level = over_limit.limit_level
            and level_clusters.level_component_id = over_limit.level_component_id
    group by level_clusters.node_id
),

limited as (
    select
        settled_levels.node_id,
        -- the component's smallest level node is the level node of its smallest node
        component_node.node_id as component_id,
        case
            when level_clusters.has_links_dropped
                then
                    'limit: links of ' || level_clusters.identifier_type
                    || ' dropped in a profile over the hard identifier limits'
        end as limit_reason
    from settled_levels
    inner join level_clusters
        on
            settled_levels.node_id = level_clusters.node_id
            and settled_levels.limit_level = level_clusters.limit_level
    inner join level_nodes as component_node on level_clusters.level_component_id = component_node.level_node_id
),

components as (
    select
        engine_components.node_id,
        coalesce(limited.component_id, engine_components.component_id) as component_id,
        engine_components.rounds,
        limited.limit_reason,
        '{{ engine }}' as components_engine
    from engine_components
    left join limited on engine_components.node_id = limited.node_id
)

select * from components
