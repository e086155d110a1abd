{#- The suppression list kept between runs, as the warehouse holds it when read: what erasure_suppressions holds
    before this run's additions, or after them when that model has already run. int_erasure_suppressions adds this
    run's values (int_erasure_scope), so the list it makes is the same either way. -#}

with

suppressions as (
    select * from {{ source('tessera_state', 'erasure_suppressions') }}
),

listed as (
    select
        suppression_id,
        erasure_request_id,
        suppressed_kind,
        suppressed_sha256,
        suppressed_at
    from suppressions
)

select * from listed
