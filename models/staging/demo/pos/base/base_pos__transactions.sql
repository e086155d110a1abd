{{ config(materialized='table') }}

{%- set raw_columns = [
    'transaction_id', 'store_id', 'register_id', 'cashier_id', 'loyalty_card_number', 'receipt_email',
    'transaction_time', 'store_timezone', 'total_amount', 'currency', 'payment_method', 'items_count'
] %}

with

source as (
    select * from {{ source('pos', 'transactions') }}
),

renamed as (
    select
        nullif(trim(source.transaction_id), '') as transaction_id,
        nullif(trim(source.store_id), '') as store_id,
        nullif(trim(source.register_id), '') as register_id,
        nullif(trim(source.cashier_id), '') as cashier_id,
        {{ tessera.digits_only('source.loyalty_card_number') }} as loyalty_card_number,
        {{ tessera.normalize_email('source.receipt_email') }} as receipt_email,
        {{ tessera.local_text_to_utc('source.transaction_time', 'source.store_timezone') }} as transacted_at,
        nullif(trim(source.store_timezone), '') as store_timezone,
        {{ tessera.try_cast('trim(source.total_amount)', dbt.type_numeric()) }} as total_amount,
        upper(nullif(trim(source.currency), '')) as currency_code,
        lower(nullif(trim(source.payment_method), '')) as payment_method,
        case
            when {{ tessera.regexp_full_match('trim(source.items_count)', '[0-9]+') }}
                then cast(trim(source.items_count) as {{ dbt.type_int() }})
        end as items_count,
        {{ tessera.to_json_object('source', raw_columns) }} as raw_record
    from source
),

normalized as (
    select
        *,
        {{ tessera.is_valid_email('receipt_email') }} as is_receipt_email_valid,
        case
            when transaction_id is null then 'missing_primary_key'
            when transacted_at is null then 'invalid_timestamp'
            when currency_code is null
                or currency_code not in ({{ tessera.quoted_values(var('accepted_currencies')) }})
                then 'unknown_currency'
            when total_amount is null or total_amount < 0 then 'invalid_amount'
        end as invalid_reason
    from renamed
),

{{ tessera.judge_rows('normalized', 'transaction_id') }},

output as (
    select
        transaction_id,
        store_id,
        register_id,
        cashier_id,
        loyalty_card_number,
        receipt_email,
        is_receipt_email_valid,
        transacted_at,
        store_timezone,
        total_amount,
        currency_code,
        payment_method,
        items_count,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_pos__transactions') }}
