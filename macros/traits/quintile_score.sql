{#- A score from 1 to 5 by quintile of an expression over all rows (higher value, higher score); equal values
    share a score, so the score never depends on the order of the input. -#}
{% macro quintile_score(expression) -%}
    cast(ceil(5 * cume_dist() over (order by {{ expression }})) as {{ dbt.type_bigint() }})
{%- endmacro %}
