{#- Warns when a relation is empty: a missing file or a wrong path shows in the test results, while the build
    goes on with what the other sources hold (an empty source is a source with nothing to say this run). -#}
{% test has_rows(model) %}
    {{ config(severity='warn') }}
    select 1 as missing_rows
    from (select count(*) as row_count from {{ model }}) as counted
    where counted.row_count = 0
{% endtest %}
