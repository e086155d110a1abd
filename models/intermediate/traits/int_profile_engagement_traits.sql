{#- Engagement traits of every profile with web or app events, email events or support tickets: sessions (a
    profile's events more than var `session_timeout_minutes` apart start a new session) and devices; email
    campaigns received, opened and clicked, unsubscribes and bounces; support tickets and satisfaction. -#}

with

profile_records as (
    select * from {{ ref('int_profile_records') }}
    where profile_id is not null
),

events as (
    select * from {{ ref('stg_segment__events') }}
),

email_events as (
    select * from {{ ref('stg_email__events') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

profile_events as (
    select
        profile_records.profile_id,
        events.device_id,
        events.occurred_at,
        lag(events.occurred_at) over (
            partition by profile_records.profile_id order by events.occurred_at, events.message_id
        ) as previous_occurred_at
    from events
    inner join profile_records
        on profile_records.record_source = 'events' and events.message_id = profile_records.record_id
),

event_traits as (
    select
        profile_id,
        count(
            case
                when
                    previous_occurred_at is null
                    or {{ dbt.datediff('previous_occurred_at', 'occurred_at', 'second') }}
                    > 60 * {{ var('session_timeout_minutes') }}
                    then 1
            end
        ) as session_count,
        count(distinct device_id) as device_count,
        count(*) as event_count
    from profile_events
    group by profile_id
),

email_traits as (
    select
        profile_records.profile_id,
        count(distinct email_events.campaign_id) as email_campaigns_received,
        count(distinct case when email_events.event_type in ('open', 'click') then email_events.campaign_id end)
            as email_campaigns_opened,
        count(distinct case when email_events.event_type = 'click' then email_events.campaign_id end)
            as email_campaigns_clicked,
        max(case when email_events.event_type in ('unsubscribe', 'spam_report') then 1 else 0 end) = 1
            as is_email_unsubscribed,
        max(case when email_events.event_type = 'bounce' then 1 else 0 end) = 1 as has_email_bounced
    from email_events
    inner join profile_records
        on
            profile_records.record_source = 'email_events'
            and email_events.email_event_id = profile_records.record_id
    group by profile_records.profile_id
),

ticket_traits as (
    select
        profile_records.profile_id,
        count(*) as ticket_count,
        count(case when tickets.ticket_status in ('new', 'open', 'pending') then 1 end) as open_ticket_count,
        count(case when tickets.satisfaction_rating = 'good' then 1 end) as good_rating_count,
        count(case when tickets.satisfaction_rating = 'bad' then 1 end) as bad_rating_count
    from tickets
    inner join profile_records
        on profile_records.record_source = 'support_tickets' and tickets.ticket_id = profile_records.record_id
    group by profile_records.profile_id
),

profile_ids as (
    select profile_id from event_traits
    union
    select profile_id from email_traits
    union
    select profile_id from ticket_traits
),

combined as (
    select
        profile_ids.profile_id,
        coalesce(event_traits.session_count, 0) as session_count,
        coalesce(event_traits.device_count, 0) as device_count,
        coalesce(event_traits.event_count, 0) as event_count,
        coalesce(email_traits.email_campaigns_received, 0) as email_campaigns_received,
        cast(email_traits.email_campaigns_opened as double) / email_traits.email_campaigns_received
            as email_open_rate,
        cast(email_traits.email_campaigns_clicked as double) / email_traits.email_campaigns_received
            as email_click_rate,
        coalesce(email_traits.is_email_unsubscribed, false) as is_email_unsubscribed,
        coalesce(email_traits.has_email_bounced, false) as has_email_bounced,
        coalesce(ticket_traits.ticket_count, 0) as ticket_count,
        coalesce(ticket_traits.open_ticket_count, 0) as open_ticket_count,
        cast(ticket_traits.good_rating_count as double)
        / nullif(ticket_traits.good_rating_count + ticket_traits.bad_rating_count, 0) as satisfaction_score
    from profile_ids
    left join event_traits on profile_ids.profile_id = event_traits.profile_id
    left join email_traits on profile_ids.profile_id = email_traits.profile_id
    left join ticket_traits on profile_ids.profile_id = ticket_traits.profile_id
)

select * from combined
