{#- The id of a typed identifier (profile_identifiers.identifier_id): a hash of its type and value. -#}
{% macro identifier_id(identifier_type, identifier_value) -%}
    {{ dbt.hash(dbt.concat([identifier_type, "':'", identifier_value])) }}
{%- endmacro %}
