{{ config(materialized='table') }}

{%- set raw_columns = [
    'id', 'requester_email', 'requester_name', 'requester_phone', 'subject', 'status', 'priority', 'channel',
    'satisfaction_rating', 'tags', 'created_at', 'updated_at'
] %}

with

source as (
    select * from {{ source('support', 'tickets') }}
),

countries as (
    select * from {{ ref('countries') }}
    where country_code = '{{ var("default_country_code") }}'
),

renamed as (
    select
        nullif(trim(source.id), '') as ticket_id,
        {{ tessera.normalize_email('source.requester_email') }} as requester_email,
        {{ tessera.clean_name('source.requester_name') }} as requester_name,
        nullif(trim(source.requester_phone), '') as requester_phone,
        {{ tessera.digits_only('source.requester_phone') }} as requester_phone_digits_raw,
        {{ tessera.clean_text('source.subject') }} as subject,
        lower(nullif(trim(source.status), '')) as ticket_status,
        lower(nullif(trim(source.priority), '')) as priority,
        lower(nullif(trim(source.channel), '')) as channel,
        lower(nullif(trim(source.satisfaction_rating), '')) as satisfaction_rating,
        nullif(trim(source.tags), '') as tags,
        {{ tessera.parse_timestamp_utc('source.created_at') }} as created_at,
        {{ tessera.parse_timestamp_utc('source.updated_at') }} as updated_at,
        {{ tessera.to_json_object('source', raw_columns) }} as raw_record
    from source
),

normalized as (
    select
        renamed.*,
        {{ tessera.is_valid_email('renamed.requester_email') }} as is_requester_email_valid,
        {{ tessera.phone_to_e164(
            'renamed.requester_phone', 'renamed.requester_phone_digits_raw',
            'countries.calling_code', 'countries.trunk_prefix'
        ) }} as requester_phone_e164,
        case
            when renamed.ticket_id is null then 'missing_primary_key'
            when renamed.created_at is null or renamed.updated_at is null then 'invalid_timestamp'
        end as invalid_reason
    from renamed
    cross join countries
),

{{ tessera.judge_rows('normalized', 'ticket_id', newest_first_by='updated_at') }},

output as (
    select
        ticket_id,
        requester_email,
        is_requester_email_valid,
        requester_name,
        requester_phone,
        requester_phone_e164,
        {{ tessera.is_valid_phone('requester_phone_e164', 'requester_phone_digits_raw') }} as is_requester_phone_valid,
        subject,
        ticket_status,
        priority,
        channel,
        satisfaction_rating,
        tags,
        created_at,
        updated_at,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_support__tickets') }}
