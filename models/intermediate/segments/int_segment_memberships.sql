{#- Segment membership, long: one row per (profile, segment) for every profile in a segment of the var
    `segments`. What reverse-ETL tools sync; segment_membership_changes holds what changed since the last run. -#}

with

members as (
    select * from {{ ref('int_segment_evaluations') }}
),

as_of as (
    select * from {{ ref('int_traits_as_of') }}
),

memberships as (
    select
        members.segment_membership_id,
        members.segment_id,
        members.profile_id,
        as_of.as_of_at
    from members
    cross join as_of
)

select * from memberships
