{#- The connected components the rest of the project reads, from the engine named by the var
    `components_engine`: `sql` (portable) or `python` (scipy, where dbt Python models run), with the per-profile
    limits of hard identifiers enforced on them (macro enforce_identifier_limits: in a component over a limit,
    the links of the least trusted identifier types are dropped until it is within). On an engine without
    Python models the SQL engine is used, and the build log says so. -#}
-- depends_on: {{ ref('int_identity_nodes') }}
-- depends_on: {{ ref('int_identity_record_nodes') }}

{{ config(post_hook="{{ tessera.drop_identifier_limit_work_tables(this) }}") }}

{%- set engine = var('components_engine') %}
{%- if engine == 'python' and target.type != 'duckdb' %}
    {{ log('components_engine=python needs dbt Python models, which ' ~ target.type
        ~ ' does not run here: using the SQL engine', info=true) }}
    {%- set engine = 'sql' %}
{%- endif %}

{%- set engine_sql -%}
    select node_id, component_id, rounds from {{ ref('int_identity_components_' ~ engine) }}
{%- endset %}

with

components as (
    {{ tessera.enforce_identifier_limits(this, engine_sql) }}
),

labelled as (
    select
        node_id,
        component_id,
        rounds,
        limit_reason,
        '{{ engine }}' as components_engine
    from components
)

select * from labelled
