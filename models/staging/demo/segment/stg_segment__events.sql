with

base as (
    select * from {{ ref('base_segment__events') }}
),

kept as (
    select
        file_name,
        line_number,
        loaded_at,
        message_id,
        event_type,
        event_name,
        anonymous_id,
        user_id,
        occurred_at,
        sent_at,
        received_at,
        trait_email,
        is_trait_email_valid,
        trait_phone,
        trait_first_name,
        trait_last_name,
        device_id,
        advertising_id,
        device_type,
        os_name,
        app_name,
        library_name,
        ip_address,
        user_agent,
        page_url,
        page_path,
        page_referrer,
        utm_source,
        utm_medium,
        utm_campaign,
        order_id,
        revenue,
        currency_code,
        properties,
        traits,
        context,
        message_json,
        event_type = 'track' as is_track_event
    from base
    where rejection_reason is null
)

select * from kept
