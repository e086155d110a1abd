{#- The connected-components engine the project reads (var `components_engine`): `sql` (portable) or `python`
    (scipy, a dbt Python model); where dbt Python models do not run here (every target but DuckDB), the SQL engine
    stands in for python (int_identity_components logs it). -#}
{% macro components_engine() -%}
    {%- set engine = var('components_engine') -%}
    {{ return('sql' if engine == 'python' and target.type != 'duckdb' else engine) }}
{%- endmacro %}
