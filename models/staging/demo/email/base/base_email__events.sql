{{ config(materialized='table') }}

{%- set raw_columns = [
    'event_id', 'email', 'campaign_id', 'campaign_name', 'event_type', 'occurred_at', 'url', 'bounce_type'
] %}
{%- set event_types = ['sent', 'open', 'click', 'bounce', 'unsubscribe', 'spam_report'] %}

with

source as (
    select * from {{ source('email', 'events') }}
),

renamed as (
    select
        nullif(trim(source.event_id), '') as email_event_id,
        {{ tessera.normalize_email("source.email") }} as email,
        nullif(trim(source.campaign_id), '') as campaign_id,
        {{ tessera.clean_text("source.campaign_name") }} as campaign_name,
        lower(nullif(trim(source.event_type), '')) as event_type,
        {{ tessera.epoch_text_to_utc("source.occurred_at") }} as occurred_at,
        nullif(trim(source.url), '') as clicked_url,
        lower(nullif(trim(source.bounce_type), '')) as bounce_type,
        {{ tessera.to_json_object('source', raw_columns) }} as raw_record
    from source
),

normalized as (
    select
        *,
        {{ tessera.is_valid_email('email') }} as is_email_valid,
        case
            when email_event_id is null then 'missing_primary_key'
            when occurred_at is null then 'invalid_timestamp'
            when event_type is null or event_type not in ({{ tessera.quoted_values(event_types) }})
                then 'unknown_event_type'
            when email is null then 'missing_email'
        end as invalid_reason
    from renamed
),

{{ tessera.judge_rows('normalized', 'email_event_id') }},

output as (
    select
        email_event_id,
        email,
        is_email_valid,
        campaign_id,
        campaign_name,
        event_type,
        occurred_at,
        clicked_url,
        bounce_type,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_email__events') }}
