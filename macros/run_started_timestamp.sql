{#- The start of the current dbt invocation as a UTC timestamp literal: what incremental histories stamp a run
    with, and how a model finds the rows the current run wrote. To the microsecond, the precision of a timestamp on
    both DuckDB and Spark: the two engines hold the same value, and two runs within one second stay apart. -#}
{% macro run_started_timestamp() -%}
    {{ tessera.try_cast("'" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'", dbt.type_timestamp()) }}
{%- endmacro %}
