{#- The standard traits of every profile, one row each: activity span, purchases and revenue, RFM, favourite
    category and preferred channel, sessions and devices, email engagement, support. Counts are 0 and rates null
    for a profile with nothing to count. Custom traits (var `custom_traits`) are in profile_custom_traits.
    Published from int_profile_traits, which holds the logic (intermediate models read that, never this mart). -#}

with

traits as (
    select * from {{ ref('int_profile_traits') }}
)

select * from traits
