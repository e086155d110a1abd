{#- The identifiers of the components over the per-profile limits of hard identifiers (var `hard_identifier_limits`),
    one copy per level of the drop order (macro identifier_drop_order): level k is the graph without the links of
    the k least trusted identifier types. Components within their limits, almost all of them, have no rows here.

    The limits drop the links of the least trusted type in a component over a limit and cluster it again, then of
    the next type in the parts still over, and so on. Each level's graph only loses links, so its components split
    those of the level before; clustering every level of the components over a limit at once
    (int_identity_limit_components) and keeping, for each identifier, the first level at which its component is
    within the limits (int_identity_components) gives what that loop gives, with no loop but the one of the
    connected components. `level_node_id` numbers the copies so that, within a level, they sort as their nodes do:
    the smallest level node of a component is the level node of its smallest node. -#}

{%- set drop_order = tessera.identifier_drop_order() %}
{%- set level_count = drop_order | length + 1 %}

with

components as (
    select * from {{ ref('int_identity_components_' ~ tessera.components_engine()) }}
),

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

hard_identifier_counts as (
    select
        components.component_id,
        nodes.identifier_type,
        count(*) as identifier_count
    from components
    inner join nodes on components.node_id = nodes.node_id
    where nodes.identifier_type in ({{ tessera.quoted_values(var('hard_identifier_limits').keys() | list) }})
    group by components.component_id, nodes.identifier_type
),

components_over_limit as (
    select distinct component_id
    from hard_identifier_counts
    where {{ tessera.exceeds_identifier_limits('identifier_type', 'identifier_count') }}
),

drop_levels as (
    -- level k drops the links of the k-th least trusted identifier type, and those of the levels before it
    {%- if drop_order %}
        {%- for identifier_type in drop_order %}
            select
                {{ loop.index }} as limit_level,
                '{{ identifier_type }}' as dropped_identifier_type
            {%- if not loop.last %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- else %}
        select
            cast(null as {{ dbt.type_int() }}) as limit_level,
            cast(null as {{ dbt.type_string() }}) as dropped_identifier_type
        where 1 = 0
    {%- endif %}
),

level_nodes as (
    select
        components.node_id * {{ level_count }} + drop_levels.limit_level as level_node_id,
        components.node_id,
        components.component_id,
        drop_levels.limit_level,
        nodes.identifier_type,
        coalesce(identifier_type_level.limit_level <= drop_levels.limit_level, false) as has_links_dropped
    from components
    inner join components_over_limit on components.component_id = components_over_limit.component_id
    inner join nodes on components.node_id = nodes.node_id
    cross join drop_levels
    left join drop_levels as identifier_type_level
        on nodes.identifier_type = identifier_type_level.dropped_identifier_type
)

select * from level_nodes
