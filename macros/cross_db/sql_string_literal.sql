{#- A text as a SQL string literal that reads back as exactly that text. `value`: the text (a string). DuckDB and
    standard SQL only double a quote; Spark also reads a backslash as an escape ('a\nb' is a line break), so there
    a backslash and a quote are escaped with a backslash. -#}
{% macro sql_string_literal(value) -%}
    {{ return(adapter.dispatch('sql_string_literal', 'tessera')(value)) }}
{%- endmacro %}

{% macro default__sql_string_literal(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__sql_string_literal(value) -%}
    '{{ value | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
