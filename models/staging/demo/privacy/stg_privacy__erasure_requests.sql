with

base as (
    select * from {{ ref('base_privacy__erasure_requests') }}
),

kept as (
    select
        erasure_request_id,
        identifier_type,
        identifier_sha256,
        national_number_sha256,
        national_number_digits,
        regulation,
        requested_at
    from base
    where rejection_reason is null
)

select * from kept
