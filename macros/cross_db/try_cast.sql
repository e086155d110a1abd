{#- A cast that gives null instead of an error when the value does not convert (dbt's safe_cast is a plain
    cast on DuckDB and Spark, and Spark's ANSI mode raises on a bad value). -#}
{% macro try_cast(expression, data_type) -%}
    {{ return(adapter.dispatch('try_cast', 'tessera')(expression, data_type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
