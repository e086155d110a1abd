{#- Fails when a relation is empty: a missing file or a wrong path must stop the build, not stage nothing. -#}
{% test has_rows(model) %}
    select 1 as missing_rows
    from (select count(*) as row_count from {{ model }}) as counted
    where counted.row_count = 0
{% endtest %}
