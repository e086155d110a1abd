with

base as (
    select * from {{ ref('base_enrichment__third_party') }}
),

kept as (
    select
        email_sha256,
        age_band,
        gender,
        household_income_band,
        interests,
        is_homeowner,
        updated_on
    from base
    where rejection_reason is null
)

select * from kept
