{#- Every source record that carries identifiers, mapped to its profile. A record whose identifiers were all
    excluded by merge protection is kept with no profile and says why.
    Published from int_profile_records, which holds the logic (intermediate models read that, never this mart). -#}

with

profile_records as (
    select * from {{ ref('int_profile_records') }}
)

select * from profile_records
