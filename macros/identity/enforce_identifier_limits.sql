{#- Per-profile limits of hard identifiers (var `hard_identifier_limits`), enforced after clustering.

    The hub rule keeps a soft identifier from linking more hard identities than allowed, but a chain of soft
    identifiers (an email on one record, a phone shared with the next) can still join two people into one
    component. The rule for which links are kept: in a component that holds more values of a hard type than its
    limit, the links of the least trusted identifier type are dropped (types outside `profile_id_type_priority`
    first, then that list from its end: anonymous ids, devices, phones, emails), its records re-linked through
    their other identifiers, and the component clustered again; the next least trusted type goes in the
    components still over a limit, until none is. Hard identifiers are never dropped, so a single record that
    carries two of them keeps them together (the warning test assert_profiles_within_identifier_limits lists
    such profiles). An identifier whose links were dropped becomes a profile of its own and says why in
    `limit_reason`. Components within their limits, almost all of them, are never touched.

    components_sql: a query returning (node_id, component_id, rounds). Returns the query of the result (node_id,
    component_id, rounds, limit_reason), which reads a work table beside `relation` that the model drops in a
    post-hook (macro drop_identifier_limit_work_tables). -#}
{% macro enforce_identifier_limits(relation, components_sql) -%}
    {%- set passthrough -%}
        select node_id, component_id, rounds, {{ tessera.try_cast('null', dbt.type_string()) }} as limit_reason
        from ({{ components_sql }}) as components
    {%- endset -%}
    {%- if not execute or flags.WHICH not in ('run', 'build') -%}
        {{ return(passthrough) }}
    {%- endif -%}
    {%- set limits = var('hard_identifier_limits') -%}
    {%- set hard_types = limits.keys() | list -%}
    {%- set nodes = ref('int_identity_nodes') -%}
    {%- set record_nodes = ref('int_identity_record_nodes') -%}
    {%- set work = relation.schema ~ '.' ~ relation.identifier ~ '__limits' -%}
    {%- set drop_order = tessera.identifier_drop_order() -%}
    {%- do tessera.drop_identifier_limit_work_tables(relation) -%}
    {%- call statement('limits_start') -%}
        create table {{ work }}_0 as {{ passthrough }}
    {%- endcall -%}
    {%- set state = namespace(level=0, done=false) -%}
    {%- set dropped = [] -%}
    {%- for dropped_type in drop_order if not state.done -%}
        {%- set current = work ~ '_' ~ state.level -%}
        {%- call statement('over_limit') -%}
            create table {{ work }}_over as
            select distinct components.component_id
            from {{ current }} as components
            inner join {{ nodes }} as nodes on components.node_id = nodes.node_id
            where nodes.identifier_type in ({{ tessera.quoted_values(hard_types) }})
            group by components.component_id, nodes.identifier_type
            having
                {% for hard_type, limit in limits.items() -%}
                    (nodes.identifier_type = '{{ hard_type }}' and count(*) > {{ limit }})
                    {%- if not loop.last %} or {% endif %}
                {% endfor %}
        {%- endcall -%}
        {%- set over = run_query('select count(*) from ' ~ work ~ '_over').columns[0].values()[0] -%}
        {%- if over == 0 -%}
            {%- set state.done = true -%}
        {%- else -%}
            {%- do dropped.append(dropped_type) -%}
            {{ log(over ~ ' profiles over the hard identifier limits: dropping the links of ' ~ dropped_type
                ~ ' in them', info=true) }}
            {%- set kept_nodes -%}
                select record_nodes.record_source, record_nodes.record_id, record_nodes.node_id
                from {{ record_nodes }} as record_nodes
                inner join {{ current }} as components on record_nodes.node_id = components.node_id
                inner join {{ work }}_over as over_limit on components.component_id = over_limit.component_id
                inner join {{ nodes }} as nodes on record_nodes.node_id = nodes.node_id
                where
                    record_nodes.exclusion_reason is null
                    and nodes.identifier_type not in ({{ tessera.quoted_values(dropped) }})
            {%- endset -%}
            {%- set edges_sql -%}
                select
                    node_id as node_id_a,
                    min(node_id) over (partition by record_source, record_id) as node_id_b
                from ({{ kept_nodes }}) as kept
            {%- endset -%}
            {%- set nodes_sql -%}
                select components.node_id
                from {{ current }} as components
                inner join {{ work }}_over as over_limit on components.component_id = over_limit.component_id
            {%- endset -%}
            {%- set level_relation = api.Relation.create(
                database=relation.database, schema=relation.schema,
                identifier=relation.identifier ~ '__limits_level'
            ) -%}
            {%- set reclustered = tessera.connected_components(level_relation, edges_sql, nodes_sql) -%}
            {%- set state.level = state.level + 1 -%}
            {%- call statement('limits_level') -%}
                create table {{ work }}_{{ state.level }} as
                select
                    components.node_id,
                    coalesce(reclustered.component_id, components.component_id) as component_id,
                    components.rounds,
                    coalesce(
                        components.limit_reason,
                        case
                            when reclustered.node_id is not null and nodes.identifier_type = '{{ dropped_type }}'
                                then 'limit: links of {{ dropped_type }} dropped in a profile over the hard '
                                || 'identifier limits'
                        end
                    ) as limit_reason
                from {{ current }} as components
                inner join {{ nodes }} as nodes on components.node_id = nodes.node_id
                left join ({{ reclustered }}) as reclustered on components.node_id = reclustered.node_id
            {%- endcall -%}
            {%- do run_query(
                'drop table ' ~ level_relation.schema ~ '.' ~ level_relation.identifier ~ '__work_done'
            ) -%}
            {%- do run_query('drop table ' ~ current) -%}
        {%- endif -%}
        {%- do run_query('drop table ' ~ work ~ '_over') -%}
    {%- endfor -%}
    {{ return('select node_id, component_id, rounds, limit_reason from ' ~ work ~ '_' ~ state.level) }}
{%- endmacro %}

{#- Soft identifier types from the least trusted: those missing from `profile_id_type_priority` (by name), then
    that list from its end; hard types (`hard_identifier_limits`) are never dropped. -#}
{% macro identifier_drop_order() -%}
    {%- set hard_types = var('hard_identifier_limits').keys() | list -%}
    {%- set priority = var('profile_id_type_priority') -%}
    {%- set configured = [] -%}
    {%- for source in tessera.declared_sources('identifiers', read=false) -%}
        {%- for identifier in source.identifiers -%}
            {%- if identifier.type not in configured -%}{%- do configured.append(identifier.type) -%}{%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set order = [] -%}
    {%- for identifier_type in configured | sort if identifier_type not in priority
        and identifier_type not in hard_types -%}
        {%- do order.append(identifier_type) -%}
    {%- endfor -%}
    {%- for identifier_type in priority | reverse if identifier_type not in hard_types -%}
        {%- do order.append(identifier_type) -%}
    {%- endfor -%}
    {{ return(order) }}
{%- endmacro %}

{#- Drops the work tables of enforce_identifier_limits (a level per droppable type, at most). -#}
{% macro drop_identifier_limit_work_tables(relation) -%}
    {%- set work = relation.schema ~ '.' ~ relation.identifier ~ '__limits' -%}
    {%- for level in range(tessera.identifier_drop_order() | length + 1) -%}
        {%- do run_query('drop table if exists ' ~ work ~ '_' ~ level) -%}
    {%- endfor -%}
    {%- do run_query('drop table if exists ' ~ work ~ '_over') -%}
    {%- do run_query('drop table if exists ' ~ relation.schema ~ '.' ~ relation.identifier
        ~ '__limits_level__work_done') -%}
{%- endmacro %}
