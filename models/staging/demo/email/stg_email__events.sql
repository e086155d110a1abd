with

base as (
    select * from {{ ref('base_email__events') }}
),

kept as (
    select
        email_event_id,
        email,
        is_email_valid,
        campaign_id,
        campaign_name,
        event_type,
        occurred_at,
        clicked_url,
        bounce_type
    from base
    where rejection_reason is null
)

select * from kept
