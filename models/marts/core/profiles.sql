{#- One row per resolved person: the profile id, what its anchor is, and how much the sources know of it.
    Published from int_profiles, which holds the logic (intermediate models read that, never this mart). -#}

with

profiles as (
    select * from {{ ref('int_profiles') }}
)

select * from profiles
