{#- Hex SHA-256 of a text: the form ad platforms and enrichment feeds key people on (dbt's hash macro is MD5). -#}
{% macro sha256(expression) -%}
    {{ return(adapter.dispatch('sha256', 'tessera')(expression)) }}
{%- endmacro %}

{% macro default__sha256(expression) -%}
    sha256({{ expression }})
{%- endmacro %}

{% macro spark__sha256(expression) -%}
    sha2({{ expression }}, 256)
{%- endmacro %}
