with

base as (
    select * from {{ ref('base_consent__events') }}
),

kept as (
    select
        consent_event_id,
        identifier_type,
        identifier_value,
        national_number,
        purpose,
        consent_status,
        is_granted,
        collected_via,
        occurred_at
    from base
    where rejection_reason is null
)

select * from kept
