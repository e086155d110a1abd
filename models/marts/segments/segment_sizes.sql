{#- Every segment of the var `segments` with its name, description and current number of members (0 for an empty
    segment). -#}

{%- set segments = tessera.segment_definitions() %}

with

memberships as (
    select * from {{ ref('segment_memberships') }}
),

profiles as (
    select * from {{ ref('profiles') }}
),

definitions as (
    {% for segment in segments -%}
        select
            '{{ segment.id }}' as segment_id,
            '{{ segment.name | replace("'", "''") }}' as segment_name,
            '{{ (segment.description or "") | replace("'", "''") }}' as segment_description
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        select
            segment_id,
            segment_id as segment_name,
            segment_id as segment_description
        from memberships
        where 1 = 0
    {% endfor -%}
),

member_counts as (
    select
        segment_id,
        count(*) as profile_count
    from memberships
    group by segment_id
),

profile_total as (
    select count(*) as profile_total from profiles
),

sized as (
    select
        definitions.segment_id,
        definitions.segment_name,
        definitions.segment_description,
        coalesce(member_counts.profile_count, 0) as profile_count,
        cast(coalesce(member_counts.profile_count, 0) as double)
        / nullif(profile_total.profile_total, 0) as profile_share
    from definitions
    cross join profile_total
    left join member_counts on definitions.segment_id = member_counts.segment_id
)

select * from sized
