{{ config(materialized='table') }}

{%- set raw_columns = [
    'consent_event_id', 'identifier_type', 'identifier_value', 'purpose', 'status', 'source', 'occurred_at'
] %}
{%- set identifier_types = ['email', 'phone', 'user_id', 'anonymous_id'] %}
{%- set purposes = var('consent_purposes') %}

with

source as (
    select * from {{ source('consent', 'events') }}
),

default_country as (
    select * from {{ ref('countries') }}
    where country_code = '{{ var("default_country_code") }}'
),

renamed as (
    select
        nullif(trim(source.consent_event_id), '') as consent_event_id,
        lower(nullif(trim(source.identifier_type), '')) as identifier_type,
        source.identifier_value as identifier_value_raw,
        lower(nullif(trim(source.purpose), '')) as purpose,
        lower(nullif(trim(source.status), '')) as consent_status,
        lower(nullif(trim(source.source), '')) as collected_via,
        {{ tessera.parse_timestamp_utc('source.occurred_at') }} as occurred_at,
        {{ tessera.to_json_object('source', raw_columns) }} as raw_record
    from source
),

normalized as (
    select
        renamed.*,
        {{ tessera.normalize_identifier(
            'renamed.identifier_type', 'renamed.identifier_value_raw',
            'default_country.calling_code', 'default_country.trunk_prefix'
        ) }} as identifier_value,
        {{ tessera.national_number('renamed.identifier_type', 'renamed.identifier_value_raw') }} as national_number,
        case
            when renamed.consent_event_id is null then 'missing_primary_key'
            when renamed.occurred_at is null then 'invalid_timestamp'
            when renamed.identifier_type is null
                or renamed.identifier_type not in ({{ tessera.quoted_values(identifier_types) }})
                then 'unknown_identifier_type'
            when nullif(trim(renamed.identifier_value_raw), '') is null then 'missing_identifier'
            when renamed.purpose is null or renamed.purpose not in ({{ tessera.quoted_values(purposes) }})
                then 'unknown_purpose'
            when renamed.consent_status is null or renamed.consent_status not in ('granted', 'withdrawn')
                then 'unknown_consent_status'
        end as invalid_reason
    from renamed
    cross join default_country
),

{{ tessera.judge_rows('normalized', 'consent_event_id') }},

output as (
    select
        consent_event_id,
        identifier_type,
        identifier_value,
        national_number,
        purpose,
        consent_status,
        consent_status = 'granted' as is_granted,
        collected_via,
        occurred_at,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_consent__events') }}
