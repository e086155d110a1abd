{#- Soft identifier types from the least trusted: those missing from `profile_id_type_priority` (by name), then
    that list from its end; hard types (`hard_identifier_limits`) are never dropped. -#}
{% macro identifier_drop_order() -%}
    {%- set hard_types = var('hard_identifier_limits').keys() | list -%}
    {%- set priority = var('profile_id_type_priority') -%}
    {%- set configured = [] -%}
    {%- for source in tessera.declared_sources('identifiers', read=false) -%}
        {%- for identifier in source.identifiers -%}
            {%- if identifier.type not in configured -%}{%- do configured.append(identifier.type) -%}{%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set order = [] -%}
    {%- for identifier_type in configured | sort if identifier_type not in priority
        and identifier_type not in hard_types -%}
        {%- do order.append(identifier_type) -%}
    {%- endfor -%}
    {%- for identifier_type in priority | reverse if identifier_type not in hard_types -%}
        {%- do order.append(identifier_type) -%}
    {%- endfor -%}
    {{ return(order) }}
{%- endmacro %}
