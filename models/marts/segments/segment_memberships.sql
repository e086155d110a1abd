{#- Segment membership, long: one row per (profile, segment) for every profile in a segment of the var
    `segments`. What reverse-ETL tools sync; segment_membership_changes holds what changed since the last run.
    Published from int_segment_memberships, which holds the logic (intermediate models read that, never this mart). -#}

with

memberships as (
    select * from {{ ref('int_segment_memberships') }}
)

select * from memberships
