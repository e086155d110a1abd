{{ config(materialized='table') }}

{%- set raw_columns = [
    'id', 'email', 'first_name', 'last_name', 'phone', 'accepts_email_marketing', 'address1', 'city', 'zip',
    'province_code', 'country_code', 'state', 'tags', 'verified_email', 'created_at', 'updated_at'
] %}

with

source as (
    select * from {{ source('shop', 'customers') }}
),

countries as (
    select * from {{ ref('countries') }}
),

renamed as (
    select
        nullif(trim(source.id), '') as customer_id,
        {{ tessera.normalize_email('source.email') }} as email,
        {{ tessera.clean_name('source.first_name') }} as first_name,
        {{ tessera.clean_name('source.last_name') }} as last_name,
        nullif(trim(source.phone), '') as phone,
        {{ tessera.digits_only('source.phone') }} as phone_digits_raw,
        lower(trim(source.accepts_email_marketing)) = 'yes' as accepts_email_marketing,
        {{ tessera.clean_text('source.address1') }} as street,
        {{ tessera.clean_name('source.city') }} as city,
        {{ tessera.clean_postal_code('source.zip') }} as postal_code,
        upper(nullif(trim(source.province_code), '')) as province_code,
        upper(nullif(trim(source.country_code), '')) as country_code,
        lower(nullif(trim(source.state), '')) as account_state,
        nullif(trim(source.tags), '') as tags,
        lower(trim(source.verified_email)) = 'true' as is_email_verified,
        {{ tessera.parse_timestamp_utc('source.created_at') }} as created_at,
        {{ tessera.parse_timestamp_utc('source.updated_at') }} as updated_at,
        {{ tessera.to_json_object('source', raw_columns) }} as raw_record
    from source
),

normalized as (
    select
        renamed.*,
        {{ tessera.is_valid_email('renamed.email') }} as is_email_valid,
        {{ tessera.phone_to_e164(
            'renamed.phone', 'renamed.phone_digits_raw', 'countries.calling_code', 'countries.trunk_prefix'
        ) }} as phone_e164,
        case
            when renamed.customer_id is null then 'missing_primary_key'
            when renamed.created_at is null or renamed.updated_at is null then 'invalid_timestamp'
        end as invalid_reason
    from renamed
    left join countries
        on coalesce(renamed.country_code, '{{ var("default_country_code") }}') = countries.country_code
),

{{ tessera.judge_rows('normalized', 'customer_id', newest_first_by='updated_at') }},

output as (
    select
        customer_id,
        email,
        is_email_valid,
        is_email_verified,
        first_name,
        last_name,
        phone,
        phone_e164,
        {{ tessera.is_valid_phone('phone_e164', 'phone_digits_raw') }} as is_phone_valid,
        accepts_email_marketing,
        street,
        city,
        postal_code,
        province_code,
        country_code,
        account_state,
        tags,
        created_at,
        updated_at,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_shop__customers') }}
