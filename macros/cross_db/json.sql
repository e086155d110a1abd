{#- JSON access on a text column. Paths are JSONPath of the form $.a.b. -#}

{#- The value at a path as text (an object or array comes back as its JSON text). -#}
{% macro json_text(expression, path) -%}
    {{ return(adapter.dispatch('json_text', 'tessera')(expression, path)) }}
{%- endmacro %}

{% macro default__json_text(expression, path) -%}
    json_extract_string({{ expression }}, '{{ path }}')
{%- endmacro %}

{% macro spark__json_text(expression, path) -%}
    get_json_object({{ expression }}, '{{ path }}')
{%- endmacro %}

{#- True when the text is a well-formed JSON object. -#}
{% macro json_is_object(expression) -%}
    {{ return(adapter.dispatch('json_is_object', 'tessera')(expression)) }}
{%- endmacro %}

{% macro default__json_is_object(expression) -%}
    case when json_valid({{ expression }}) then json_type({{ expression }}) = 'OBJECT' else false end
{%- endmacro %}

{% macro spark__json_is_object(expression) -%}
    (json_object_keys({{ expression }}) is not null)
{%- endmacro %}

{#- A JSON object built from columns, keyed by the column names: how a raw row is kept with its rejection. -#}
{% macro to_json_object(relation_alias, columns) -%}
    {{ return(adapter.dispatch('to_json_object', 'tessera')(relation_alias, columns)) }}
{%- endmacro %}

{% macro default__to_json_object(relation_alias, columns) -%}
    cast(to_json(struct_pack(
        {%- for column in columns %}
        {{ column }} := {{ relation_alias }}.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    )) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__to_json_object(relation_alias, columns) -%}
    to_json(named_struct(
        {%- for column in columns %}
        '{{ column }}', {{ relation_alias }}.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}
