{#- The distinct values of a text expression over a group, sorted and joined with `delimiter` (a plain string);
    null when the group has no value. -#}
{% macro string_agg_sorted(expression, delimiter=',') -%}
    {{ return(adapter.dispatch('string_agg_sorted', 'tessera')(expression, delimiter)) }}
{%- endmacro %}

{% macro default__string_agg_sorted(expression, delimiter) -%}
    string_agg(distinct {{ expression }}, '{{ delimiter }}' order by {{ expression }})
{%- endmacro %}

{% macro spark__string_agg_sorted(expression, delimiter) -%}
    nullif(array_join(array_sort(collect_set({{ expression }})), '{{ delimiter }}'), '')
{%- endmacro %}
