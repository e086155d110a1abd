{#- The rejection CTEs every base model ends with. The input CTE carries `raw_record` (the raw row as
    JSON text) and `invalid_reason` (null when the row's values are valid). Adds:
      exact_copy_number   1 for the first copy of identical raw rows
      version_number      1 for the version of a key that is kept: the newest by `newest_first_by`,
                          ties and sources without a version column broken by the raw text
      rejection_reason    null for a kept row; else why it was set aside
    A row that is invalid keeps its own reason even when it also has a copy. -#}
{% macro judge_rows(input_cte, key_column, newest_first_by=none) -%}
exact_copies_ranked as (
    select
        *,
        row_number() over (partition by raw_record order by raw_record) as exact_copy_number
    from {{ input_cte }}
),

versions_ranked as (
    select
        *,
        row_number() over (
            partition by
                {{ key_column }},
                invalid_reason is null and exact_copy_number = 1
            order by
                {%- if newest_first_by %} {{ newest_first_by }} desc,{% endif %} raw_record
        ) as version_number
    from exact_copies_ranked
),

judged as (
    select
        *,
        case
            when invalid_reason is not null then invalid_reason
            when exact_copy_number > 1 then 'exact_duplicate'
            {%- if newest_first_by %}
            when version_number > 1 then 'superseded_by_newer_version'
            {%- else %}
            when version_number > 1 then 'conflicting_duplicate_key'
            {%- endif %}
        end as rejection_reason
    from versions_ranked
)
{%- endmacro %}
