with

base as (
    select * from {{ ref('base_support__tickets') }}
),

kept as (
    select
        ticket_id,
        requester_email,
        is_requester_email_valid,
        requester_name,
        requester_phone,
        requester_phone_e164,
        is_requester_phone_valid,
        subject,
        ticket_status,
        priority,
        channel,
        satisfaction_rating,
        tags,
        created_at,
        updated_at
    from base
    where rejection_reason is null
)

select * from kept
