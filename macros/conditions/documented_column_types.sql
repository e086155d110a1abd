{#- The documented columns of a model (`model_name`) with their types, as a mapping of lower-case column name to
    the documented data type (none where the YAML gives none), read from the graph; none when the graph is not
    loaded (at parse time, and in a unit test, which sees no graph) or holds no such model. -#}
{% macro documented_column_types(model_name) -%}
    {%- if not execute or not graph.get('nodes') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set nodes = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', model_name) | list -%}
    {%- if not nodes -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set columns = {} -%}
    {%- for column in nodes[0].columns.values() -%}
        {%- do columns.update({column.name | lower: column.data_type}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}
