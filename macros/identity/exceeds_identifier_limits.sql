{#- True when a count of identifiers of a hard type in one profile (or component) is over that type's limit (var
    `hard_identifier_limits`). identifier_type, identifier_count: the SQL expressions of the type and the count. -#}
{% macro exceeds_identifier_limits(identifier_type, identifier_count) -%}
    {%- set limits = var('hard_identifier_limits') -%}
    {%- for hard_type, limit in limits.items() -%}
        ({{ identifier_type }} = '{{ hard_type }}' and {{ identifier_count }} > {{ limit }})
        {%- if not loop.last %} or {% endif %}
    {%- endfor -%}
    {%- if not limits %}false{% endif -%}
{%- endmacro %}
