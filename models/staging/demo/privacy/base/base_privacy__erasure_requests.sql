{{ config(materialized='table') }}

{%- set raw_columns = ['request_id', 'identifier_type', 'identifier_value', 'regulation', 'requested_at'] %}
{%- set identifier_types = ['email', 'phone', 'user_id', 'crm_contact_id'] %}

with

source_rows as (
    select * from {{ source('privacy', 'erasure_requests') }}
),

source as (
    -- the identifier a request names belongs to the person it erases: only its hash is kept, raw rows included
    select
        request_id,
        identifier_type,
        {{ tessera.sha256('trim(identifier_value)') }} as identifier_value,
        identifier_value as identifier_value_raw,
        regulation,
        requested_at
    from source_rows
),

default_country as (
    select * from {{ ref('countries') }}
    where country_code = '{{ var("default_country_code") }}'
),

renamed as (
    select
        nullif(trim(source.request_id), '') as erasure_request_id,
        lower(nullif(trim(source.identifier_type), '')) as identifier_type,
        source.identifier_value_raw,
        upper(nullif(trim(source.regulation), '')) as regulation,
        {{ tessera.parse_timestamp_utc('source.requested_at') }} as requested_at,
        {{ tessera.to_json_object('source', raw_columns) }} as raw_record
    from source
),

normalized as (
    select
        renamed.*,
        {{ tessera.normalize_identifier(
            'renamed.identifier_type', 'renamed.identifier_value_raw',
            'default_country.calling_code', 'default_country.trunk_prefix'
        ) }} as identifier_value_normalized,
        {{ tessera.national_number('renamed.identifier_type', 'renamed.identifier_value_raw') }} as national_number,
        case
            when renamed.erasure_request_id is null then 'missing_primary_key'
            when renamed.requested_at is null then 'invalid_timestamp'
            when renamed.identifier_type is null
                or renamed.identifier_type not in ({{ tessera.quoted_values(identifier_types) }})
                then 'unknown_identifier_type'
            when nullif(trim(renamed.identifier_value_raw), '') is null then 'missing_identifier'
        end as invalid_reason
    from renamed
    cross join default_country
),

{{ tessera.judge_rows('normalized', 'erasure_request_id') }},

output as (
    select
        erasure_request_id,
        identifier_type,
        {{ tessera.sha256('identifier_value_normalized') }} as identifier_sha256,
        {{ tessera.sha256('national_number') }} as national_number_sha256,
        length(national_number) as national_number_digits,
        regulation,
        requested_at,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_privacy__erasure_requests') }}
