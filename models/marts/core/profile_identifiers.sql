{#- Every typed identifier with the profile it belongs to. Identifiers that merge protection excluded belong to
    no profile and are listed with the reason.
    Published from int_profile_identifiers, which holds the logic (intermediate models read that, never this mart). -#}

with

profile_identifiers as (
    select * from {{ ref('int_profile_identifiers') }}
)

select * from profile_identifiers
