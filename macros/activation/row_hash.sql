{#- A hash of the content of a row (the given columns, in order), for telling whether an activation row changed
    between runs: nulls and empty strings hash differently. -#}
{% macro row_hash(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(" ~ tessera.try_cast(column, dbt.type_string()) ~ ", '<null>')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- The profiles that granted the consent purpose the var `destinations` requires for an activation table. -#}
{% macro consented_profiles(destination) -%}
    {%- set purpose = var('destinations')[destination] -%}
    select profile_id from {{ ref('int_profile_consents') }}
    where purpose = '{{ purpose }}' and is_granted
{%- endmacro %}
