{#- A list of values as SQL string literals, comma separated, for an `in (...)` list. -#}
{% macro quoted_values(values, lower=false) -%}
    {%- for value in values -%}
        '{{ (value | lower) if lower else value }}'{{ ", " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
