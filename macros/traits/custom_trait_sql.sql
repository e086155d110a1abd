{#- Custom traits (var `custom_traits`, see dbt_project.yml): each entry compiles to a query of one row per
    profile, (profile_id, trait_value). An entry that cannot compile raises a compiler error naming it and why. -#}

{% macro custom_trait_aggregations() -%}
    {{ return(['count', 'sum', 'min', 'max', 'avg', 'count_distinct', 'first_value', 'last_value']) }}
{%- endmacro %}

{#- Aggregations whose value for a profile with no record is 0 rather than unknown. -#}
{% macro custom_trait_counts() -%}
    {{ return(['count', 'count_distinct']) }}
{%- endmacro %}

{#- The entry checked and completed: the model it reads (a declared source with identifiers, whose records are
    mapped to profiles through profile_records, with its declaration's record id and time; or, for an event
    trait, int_events_unioned: the events of every declared source with `events`). Its `where` (the records that
    count) is a list of conditions on the model's documented columns, checked by check_where. -#}
{% macro custom_trait_definition(trait) -%}
    {%- set allowed_keys = [
        'name', 'description', 'model', 'event', 'aggregation', 'column', 'where', 'window_days'
    ] -%}
    {%- set label = "custom_traits entry '" ~ (trait.name or trait) ~ "'" -%}
    {%- if trait is not mapping -%}
        {{ exceptions.raise_compiler_error(label ~ ": is not a mapping of name, aggregation, ...") }}
    {%- endif -%}
    {%- if 'filter' in trait -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": `filter` held SQL, and configuration holds no SQL: write the filter as `where:`, a list of"
            ~ " conditions on the model's columns that must all hold, e.g."
            ~ " where: [{column: financial_status, is: '=', value: paid}] (README.md, Custom traits)"
        ) }}
    {%- endif -%}
    {%- for key in trait if key not in allowed_keys -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": unknown key '" ~ key ~ "' (keys: " ~ allowed_keys | join(', ') ~ ")"
        ) }}
    {%- endfor -%}
    {%- if not trait.name or not modules.re.match('^[a-z][a-z0-9_]*$', trait.name) -%}
        {{ exceptions.raise_compiler_error(label ~ ": name must be a lower-case column name") }}
    {%- endif -%}
    {%- if trait.aggregation not in tessera.custom_trait_aggregations() -%}
        {{ exceptions.raise_compiler_error(
            label ~ ": unknown aggregation '" ~ trait.aggregation ~ "' (one of "
            ~ tessera.custom_trait_aggregations() | join(', ') ~ ")"
        ) }}
    {%- endif -%}
    {%- if (trait.model and trait.event) or not (trait.model or trait.event) -%}
        {{ exceptions.raise_compiler_error(label ~ ": give either a model or an event, not both nor neither") }}
    {%- endif -%}
    {%- if trait.aggregation != 'count' and not trait.column -%}
        {{ exceptions.raise_compiler_error(label ~ ": aggregation " ~ trait.aggregation ~ " needs a column") }}
    {%- endif -%}
    {%- if 'window_days' in trait and not (trait.window_days is number and trait.window_days > 0) -%}
        {{ exceptions.raise_compiler_error(label ~ ": window_days must be a positive number of days") }}
    {%- endif -%}
    {%- if trait.event -%}
        {#- an event trait reads the events of every declared source with `events`, in one shape -#}
        {%- set model = 'int_events_unioned' -%}
        {%- set source = {'record_source': none, 'record_id': 'record_id', 'observed_at': 'occurred_at'} -%}
    {%- else -%}
        {%- set model = trait.model -%}
        {%- set sources = tessera.declared_sources('identifiers', read=false)
            | selectattr('node_name', 'equalto', model) | list -%}
        {%- if execute and not sources -%}
            {{ exceptions.raise_compiler_error(
                label ~ ": model '" ~ model ~ "' is not a declared source with identifiers, so its records have no"
                ~ " profile: name a model of the var source_models whose declaration has `identifiers`"
            ) }}
        {%- endif -%}
        {%- set source = sources[0] if sources
            else {'record_source': none, 'record_id': none, 'observed_at': none} -%}
    {%- endif -%}
    {%- if 'where' in trait -%}
        {%- set where_columns = tessera.documented_column_types(model) -%}
        {%- do tessera.check_where(trait['where'], label, 'column', where_columns) -%}
    {%- endif -%}
    {%- if execute and trait.column and graph.get('nodes') -%}
        {#- staging models document every column (a test holds it), so the documented columns are the model's -#}
        {%- set nodes = (graph.get('nodes') or {}).values() | selectattr('resource_type', 'equalto', 'model')
            | selectattr('name', 'equalto', model) | list -%}
        {%- if nodes and trait.column | lower not in nodes[0].columns -%}
            {{ exceptions.raise_compiler_error(
                label ~ ": model '" ~ model ~ "' has no column '" ~ trait.column ~ "'"
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ return({
        'name': trait.name,
        'model': model,
        'record_source': source.record_source,
        'record_id': source.record_id,
        'observed_at': source.observed_at,
        'aggregation': trait.aggregation,
        'column': trait.column,
        'where': trait['where'],
        'event': trait.event,
        'window_days': trait.window_days,
    }) }}
{%- endmacro %}

{#- The aggregate of one entry over the rows of its model (aliased trait_source). -#}
{% macro custom_trait_aggregate(definition) -%}
    {%- set column = 'trait_source.' ~ definition.column -%}
    {%- set observed_at = 'trait_source.' ~ definition.observed_at -%}
    {%- if definition.aggregation == 'count' -%}
        count({{ column if definition.column else '*' }})
    {%- elif definition.aggregation == 'count_distinct' -%}
        count(distinct {{ column }})
    {%- elif definition.aggregation == 'first_value' -%}
        min_by({{ column }}, {{ observed_at }})
    {%- elif definition.aggregation == 'last_value' -%}
        max_by({{ column }}, {{ observed_at }})
    {%- else -%}
        {{ definition.aggregation }}({{ column }})
    {%- endif -%}
{%- endmacro %}

{#- One row per profile that has records of the entry's model: the profile_id, the entry's value in the column
    named after it, and null in the columns of the other traits (`trait_names`), so that the queries of all entries
    can be unioned. -#}
{% macro custom_trait_sql(trait, trait_names) -%}
    {%- set definition = tessera.custom_trait_definition(trait) -%}
    select
        {% for name in trait_names -%}
            {%- if name == definition.name -%}
                {{ tessera.custom_trait_aggregate(definition) }} as {{ name }},
            {%- else -%}
                null as {{ name }},
            {%- endif %}
        {% endfor -%}
        profile_records.profile_id
    from {{ ref(definition.model) }} as trait_source
    inner join {{ ref('int_profile_records') }} as profile_records
        on
            {% if definition.record_source -%}
                profile_records.record_source = '{{ definition.record_source }}'
            {%- else -%}
                profile_records.record_source = trait_source.record_source
            {%- endif %}
            and profile_records.record_id
            = {{ tessera.try_cast('trait_source.' ~ definition.record_id, dbt.type_string()) }}
    cross join {{ ref('int_traits_as_of') }} as as_of
    where
        profile_records.profile_id is not null
        {%- if definition.event %}
            and trait_source.is_action
            and trait_source.event_name = '{{ definition.event | replace("'", "''") }}'
        {%- endif %}
        {%- if definition.where %}
            and ({{ tessera.where_sql(definition.where, 'column', 'trait_source.') }})
        {%- endif %}
        {%- if definition.window_days %}
            and {{ 'trait_source.' ~ definition.observed_at }}
            > {{ dbt.dateadd('day', -1 * definition.window_days, 'as_of.as_of_at') }}
            and {{ 'trait_source.' ~ definition.observed_at }} <= as_of.as_of_at
        {%- endif %}
    group by profile_records.profile_id
{%- endmacro %}

{#- Every entry of the var `custom_traits` as one union of custom_trait_sql queries: rows of (one column per trait,
    profile_id), at most one row per profile and trait. With no entry, no row, read from `empty_from` (a relation
    or CTE with a profile_id column). -#}
{% macro custom_trait_values(empty_from) -%}
    {%- set traits = tessera.custom_trait_entries() -%}
    {%- set trait_names = traits | map(attribute='name') | list -%}
    {%- for trait in traits -%}
        {{ tessera.custom_trait_sql(trait, trait_names) }}
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        select profile_id from {{ empty_from }} where 1 = 0
    {%- endfor -%}
{%- endmacro %}

{#- The custom traits as columns of a query grouped by profile over `values_alias` (rows of custom_trait_values):
    one column per entry, 0 for a count with no record. -#}
{% macro custom_trait_columns(values_alias) -%}
    {%- for trait in tessera.custom_trait_entries() -%}
        {%- if trait.aggregation in tessera.custom_trait_counts() -%}
            coalesce(max({{ values_alias }}.{{ trait.name }}), 0) as {{ trait.name }},
        {%- else -%}
            max({{ values_alias }}.{{ trait.name }}) as {{ trait.name }},
        {%- endif %}
    {% endfor -%}
{%- endmacro %}
