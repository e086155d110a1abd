{#- Segment membership, long: one row per (profile, segment) for every profile in a segment of the var
    `segments`. What reverse-ETL tools sync; segment_membership_changes holds what changed since the last run. -#}

{%- set segments = tessera.segment_definitions() %}

with

evaluations as (
    select * from {{ ref('int_segment_evaluations') }}
),

as_of as (
    select * from {{ ref('int_traits_as_of') }}
),

memberships as (
    {% for segment in segments -%}
        select
            {{ dbt.concat(["'" ~ segment.id ~ ":'", 'evaluations.profile_id']) }} as segment_membership_id,
            '{{ segment.id }}' as segment_id,
            evaluations.profile_id,
            as_of.as_of_at
        from evaluations
        cross join as_of
        where evaluations.is_in_{{ segment.id }}
        {% if not loop.last %}union all{% endif %}
    {% endfor -%}
)

select * from memberships
