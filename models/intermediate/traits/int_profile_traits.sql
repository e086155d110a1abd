{#- The standard traits of every profile, one row each: activity span, purchases and revenue, RFM, favourite
    category and preferred channel, sessions and devices, email engagement, support. Counts are 0 and rates null
    for a profile with nothing to count. Custom traits (var `custom_traits`) are in profile_custom_traits. -#}

with

profiles as (
    select * from {{ ref('int_profiles') }}
),

order_traits as (
    select * from {{ ref('int_profile_order_traits') }}
),

engagement_traits as (
    select * from {{ ref('int_profile_engagement_traits') }}
),

as_of as (
    select * from {{ ref('int_traits_as_of') }}
),

traits as (
    select
        profiles.profile_id,
        profiles.first_seen_at,
        profiles.last_seen_at,
        coalesce(order_traits.order_count, 0) as order_count,
        coalesce(order_traits.web_order_count, 0) as web_order_count,
        coalesce(order_traits.mobile_order_count, 0) as mobile_order_count,
        coalesce(order_traits.store_order_count, 0) as store_order_count,
        cast(coalesce(order_traits.revenue, 0) as double) as revenue,
        '{{ var("reporting_currency") }}' as revenue_currency_code,
        cast(order_traits.average_order_value as double) as average_order_value,
        order_traits.first_order_at,
        order_traits.last_order_at,
        cast(order_traits.days_since_last_order as {{ dbt.type_bigint() }}) as days_since_last_order,
        order_traits.rfm_recency_score,
        order_traits.rfm_frequency_score,
        order_traits.rfm_monetary_score,
        order_traits.favourite_category,
        order_traits.preferred_channel,
        coalesce(engagement_traits.session_count, 0) as session_count,
        coalesce(engagement_traits.device_count, 0) as device_count,
        coalesce(engagement_traits.event_count, 0) as event_count,
        coalesce(engagement_traits.email_campaigns_received, 0) as email_campaigns_received,
        engagement_traits.email_open_rate,
        engagement_traits.email_click_rate,
        coalesce(engagement_traits.is_email_unsubscribed, false) as is_email_unsubscribed,
        coalesce(engagement_traits.has_email_bounced, false) as has_email_bounced,
        coalesce(engagement_traits.ticket_count, 0) as ticket_count,
        coalesce(engagement_traits.open_ticket_count, 0) as open_ticket_count,
        engagement_traits.satisfaction_score,
        as_of.as_of_at
    from profiles
    cross join as_of
    left join order_traits on profiles.profile_id = order_traits.profile_id
    left join engagement_traits on profiles.profile_id = engagement_traits.profile_id
)

select * from traits
