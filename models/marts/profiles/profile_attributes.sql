{#- The golden record: one row per profile with the surviving value of every person attribute of the var
    `profile_attributes`, each with its provenance (<attribute>_source: the source table it came from, where
    `enrichment` marks a third-party value; <attribute>_seen_at: when that source saw it).
    Published from int_profile_attributes, which holds the logic (intermediate models read that, never this mart). -#}

with

golden_records as (
    select * from {{ ref('int_profile_attributes') }}
)

select * from golden_records
