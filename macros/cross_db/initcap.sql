{#- Upper-cases the first letter of every space-separated word and lower-cases the rest. -#}
{% macro initcap(expression) -%}
    {{ return(adapter.dispatch('initcap', 'tessera')(expression)) }}
{%- endmacro %}

{% macro default__initcap(expression) -%}
    array_to_string(
        list_transform(
            string_split(lower({{ expression }}), ' '),
            lambda word: upper(left(word, 1)) || substr(word, 2)
        ),
        ' '
    )
{%- endmacro %}

{% macro spark__initcap(expression) -%}
    initcap({{ expression }})
{%- endmacro %}
