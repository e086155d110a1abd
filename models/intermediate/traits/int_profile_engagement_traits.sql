{#- Engagement traits of every profile with events, email engagement or support tickets (the declared sources
    with `events`, `email_engagement` and `support_cases`): sessions (a profile's events more than var
    `session_timeout_minutes` apart start a new session) and devices; email campaigns received, opened and
    clicked (event types open, click, unsubscribe, spam_report, bounce), unsubscribes and bounces; support
    tickets (status new, open or pending counts as open) and satisfaction (rating good or bad). -#}

{%- set email_sources = tessera.declared_sources('email_engagement') %}
{%- set ticket_sources = tessera.declared_sources('support_cases') %}

with

profile_records as (
    select * from {{ ref('int_profile_records') }}
    where profile_id is not null
),

events as (
    select * from {{ ref('int_events_unioned') }}
),

email_engagement as (
    {% for source in email_sources -%}
        select
            '{{ source.record_source }}' as record_source,
            {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
            {{ source.email_engagement.campaign_id }} as campaign_id,
            {{ source.email_engagement.event_type }} as event_type
        from {{ source.relation }}
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        {{ tessera.empty_rows({
            'record_source': dbt.type_string(), 'record_id': dbt.type_string(), 'campaign_id': dbt.type_string(),
            'event_type': dbt.type_string(),
        }) }}
    {%- endfor %}
),

tickets as (
    {% for source in ticket_sources -%}
        select
            '{{ source.record_source }}' as record_source,
            {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
            {{ source.support_cases.status }} as ticket_status,
            {{ source.support_cases.get('satisfaction_rating') or tessera.try_cast('null', dbt.type_string()) }}
                as satisfaction_rating
        from {{ source.relation }}
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        {{ tessera.empty_rows({
            'record_source': dbt.type_string(), 'record_id': dbt.type_string(), 'ticket_status': dbt.type_string(),
            'satisfaction_rating': dbt.type_string(),
        }) }}
    {%- endfor %}
),

profile_events as (
    select
        profile_records.profile_id,
        events.device_id,
        events.occurred_at,
        lag(events.occurred_at) over (
            partition by profile_records.profile_id order by events.occurred_at, events.record_id
        ) as previous_occurred_at
    from events
    inner join profile_records
        on events.record_source = profile_records.record_source and events.record_id = profile_records.record_id
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
        count(distinct email_engagement.campaign_id) as email_campaigns_received,
        count(distinct case when email_engagement.event_type in ('open', 'click') then email_engagement.campaign_id end)
            as email_campaigns_opened,
        count(distinct case when email_engagement.event_type = 'click' then email_engagement.campaign_id end)
            as email_campaigns_clicked,
        max(case when email_engagement.event_type in ('unsubscribe', 'spam_report') then 1 else 0 end) = 1
            as is_email_unsubscribed,
        max(case when email_engagement.event_type = 'bounce' then 1 else 0 end) = 1 as has_email_bounced
    from email_engagement
    inner join profile_records
        on
            email_engagement.record_source = profile_records.record_source
            and email_engagement.record_id = profile_records.record_id
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
        on tickets.record_source = profile_records.record_source and tickets.record_id = profile_records.record_id
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
