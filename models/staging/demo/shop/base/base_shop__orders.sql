{{ config(materialized='table') }}

{%- set raw_columns = [
    'id', 'name', 'customer_id', 'email', 'phone', 'created_at', 'processed_at', 'cancelled_at', 'currency',
    'total_price', 'subtotal_price', 'total_tax', 'total_discounts', 'financial_status', 'fulfillment_status',
    'source_name', 'billing_first_name', 'billing_last_name', 'billing_address1', 'billing_city', 'billing_zip',
    'billing_country_code', 'browser_ip', 'landing_site'
] %}
{%- set money = dbt.type_numeric() %}

with

source as (
    select * from {{ source('shop', 'orders') }}
),

countries as (
    select * from {{ ref('countries') }}
),

renamed as (
    select
        nullif(trim(source.id), '') as order_id,
        nullif(trim(source.name), '') as order_number,
        nullif(trim(source.customer_id), '') as customer_id,
        {{ tessera.normalize_email('source.email') }} as email,
        nullif(trim(source.phone), '') as phone,
        {{ tessera.digits_only('source.phone') }} as phone_digits_raw,
        {{ tessera.parse_timestamp_utc('source.created_at') }} as created_at,
        {{ tessera.parse_timestamp_utc('source.processed_at') }} as processed_at,
        {{ tessera.parse_timestamp_utc('source.cancelled_at') }} as cancelled_at,
        nullif(trim(source.cancelled_at), '') is not null as has_cancelled_at,
        upper(nullif(trim(source.currency), '')) as currency_code,
        {{ tessera.try_cast('trim(source.total_price)', money) }} as total_price,
        {{ tessera.try_cast('trim(source.subtotal_price)', money) }} as subtotal_price,
        {{ tessera.try_cast('trim(source.total_tax)', money) }} as total_tax,
        {{ tessera.try_cast('trim(source.total_discounts)', money) }} as total_discounts,
        lower(nullif(trim(source.financial_status), '')) as financial_status,
        lower(nullif(trim(source.fulfillment_status), '')) as fulfillment_status,
        lower(nullif(trim(source.source_name), '')) as order_channel,
        {{ tessera.clean_name('source.billing_first_name') }} as billing_first_name,
        {{ tessera.clean_name('source.billing_last_name') }} as billing_last_name,
        {{ tessera.clean_text('source.billing_address1') }} as billing_street,
        {{ tessera.clean_name('source.billing_city') }} as billing_city,
        {{ tessera.clean_postal_code('source.billing_zip') }} as billing_postal_code,
        upper(nullif(trim(source.billing_country_code), '')) as billing_country_code,
        nullif(trim(source.browser_ip), '') as browser_ip,
        nullif(trim(source.landing_site), '') as landing_site,
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
            when renamed.order_id is null then 'missing_primary_key'
            when renamed.created_at is null or (renamed.has_cancelled_at and renamed.cancelled_at is null)
                then 'invalid_timestamp'
            when renamed.currency_code is null
                or renamed.currency_code not in ({{ tessera.quoted_values(var('accepted_currencies')) }})
                then 'unknown_currency'
            when renamed.total_price is null or renamed.total_price < 0 then 'invalid_amount'
        end as invalid_reason
    from renamed
    left join countries
        on coalesce(renamed.billing_country_code, '{{ var("default_country_code") }}') = countries.country_code
),

{{ tessera.judge_rows('normalized', 'order_id', newest_first_by='processed_at') }},

output as (
    select
        order_id,
        order_number,
        customer_id,
        customer_id is null as is_guest_checkout,
        email,
        is_email_valid,
        phone,
        phone_e164,
        {{ tessera.is_valid_phone('phone_e164', 'phone_digits_raw') }} as is_phone_valid,
        created_at,
        processed_at,
        cancelled_at,
        currency_code,
        total_price,
        subtotal_price,
        total_tax,
        total_discounts,
        financial_status,
        fulfillment_status,
        order_channel,
        billing_first_name,
        billing_last_name,
        billing_street,
        billing_city,
        billing_postal_code,
        billing_country_code,
        browser_ip,
        landing_site,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_shop__orders') }}
