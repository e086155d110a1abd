{#- The connected components the rest of the project reads, from the engine named by the var
    `components_engine`: `sql` (portable) or `python` (scipy, where dbt Python models run). On an engine without
    Python models the SQL engine is used, and the build log says so. -#}

{%- set engine = var('components_engine') %}
{%- if engine == 'python' and target.type != 'duckdb' %}
    {{ log('components_engine=python needs dbt Python models, which ' ~ target.type
        ~ ' does not run here: using the SQL engine', info=true) }}
    {%- set engine = 'sql' %}
{%- endif %}

with

components as (
    select * from {{ ref('int_identity_components_' ~ engine) }}
),

labelled as (
    select
        node_id,
        component_id,
        rounds,
        '{{ engine }}' as components_engine
    from components
)

select * from labelled
