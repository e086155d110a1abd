{#- Where a model lands. On a production target (var `production_targets`) in the schema its folder names
    (staging, intermediate, marts, marketing, reference): reverse-ETL and BI tools are pointed at those fixed names,
    and so are python_tests/, tessera/evaluate.py and tessera/bench.py. On any other target (dev, ci, a user's own)
    in <target schema>_<folder schema>, so that people and CI sharing a warehouse never write over each other's
    models nor production's. The default production targets, `duckdb` and `spark`, each have a database file or
    warehouse folder of their own. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif target.name in var('production_targets', ['duckdb', 'spark']) -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
