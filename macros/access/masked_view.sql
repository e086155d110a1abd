{#- Masking methods of a personal-data column (column meta `masking`, README.md, Access):
    sha256    SHA-256 hex of the value as text (the default: a column tagged `pii` with no method is hashed)
    email     first character of the local part, '***@' and the domain
    initial   first character and '***'
    year      a date as 1 January of its year
    redact    null
    hashed    the column already holds a one-way hash: shown as it is -#}
{% macro masking_methods() -%}
    {{ return(['sha256', 'email', 'initial', 'year', 'redact', 'hashed']) }}
{%- endmacro %}

{#- The masking method of a documented column: none when its meta does not say `pii: true`. -#}
{% macro masking_method(column) -%}
    {%- set meta = column.meta or {} -%}
    {{ return(meta.get('masking', 'sha256') if meta.get('pii') else none) }}
{%- endmacro %}

{#- The documented columns of a model of this project, in the order of its YAML (every mart documents every
    column it builds, and its contract holds them to it). -#}
{% macro documented_columns(model_name) -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.package_name == project_name and node.name == model_name -%}
        {%- if not node.columns -%}
            {{ exceptions.raise_compiler_error('masked_view: model ' ~ model_name ~ ' documents no column') }}
        {%- endif -%}
        {{ return(node.columns.values() | list) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error('masked_view: no model named ' ~ model_name) }}
{%- endmacro %}

{#- One column of a masked view: the expression as it is, or masked by the method of its meta. -#}
{% macro masked_column(expression, column, model_name) -%}
    {%- set method = tessera.masking_method(column) -%}
    {%- set data_type = column.data_type or dbt.type_string() -%}
    {%- if method is none or method == 'hashed' -%}
        {{ expression }}
    {%- elif method == 'sha256' -%}
        {%- if data_type | lower in ['varchar', 'string', 'text'] -%}
            {{ tessera.sha256(expression) }}
        {%- else -%}
            {{ tessera.sha256('cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')') }}
        {%- endif -%}
    {%- elif method == 'email' -%}
        case
            when {{ expression }} like '%_@_%'
                then {{ dbt.concat(['substr(' ~ expression ~ ', 1, 1)', "'***@'",
                    dbt.split_part(expression, "'@'", 2)]) }}
        end
    {%- elif method == 'initial' -%}
        case
            when {{ expression }} != ''
                then {{ dbt.concat(['substr(' ~ expression ~ ', 1, 1)', "'***'"]) }}
        end
    {%- elif method == 'year' -%}
        cast({{ dbt.date_trunc('year', expression) }} as date)
    {%- elif method == 'redact' -%}
        cast(null as {{ data_type }})
    {%- else -%}
        {{ exceptions.raise_compiler_error('masked_view: column ' ~ column.name ~ ' of ' ~ model_name
            ~ ' has masking ' ~ method ~ '; the methods are ' ~ tessera.masking_methods() | join(', ')) }}
    {%- endif -%}
{%- endmacro %}

{#- A view of a mart for roles that must not read personal data: every documented column of the mart, those whose
    meta says `pii: true` masked by their `masking` method, the others as they are. Tagging a column of the mart
    masks it here with no new SQL. -#}
{% macro masked_view(model_name) -%}
    {%- set columns = tessera.documented_columns(model_name) if execute else [] %}
with

source_mart as (
    select * from {{ ref(model_name) }}
),

masked as (
    select
        {%- for column in columns %}
        {{ tessera.masked_column('source_mart.' ~ column.name, column, model_name) }} as {{ column.name }}
        {%- if not loop.last %},{% endif %}
        {%- else %}
        source_mart.*
        {%- endfor %}
    from source_mart
)

select * from masked
{%- endmacro %}
