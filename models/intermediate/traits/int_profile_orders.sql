{#- Every purchase of a profile, shop orders and till transactions alike, with its channel and its amount in the
    reporting currency (var `reporting_currency`, converted with the seed currency_rates). Shop orders in a
    payment state of the var `excluded_order_statuses`, or cancelled, are not purchases. -#}

with

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

profile_records as (
    select * from {{ ref('int_profile_records') }}
    where profile_id is not null
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
    where to_currency_code = '{{ var("reporting_currency") }}'
),

purchases as (
    select
        'shop_orders' as record_source,
        order_id as record_id,
        created_at as ordered_at,
        case when order_channel = 'web' then 'web' else 'mobile' end as channel,
        currency_code,
        total_price as order_amount
    from shop_orders
    where
        cancelled_at is null
        and coalesce(financial_status, '') not in ({{ tessera.quoted_values(var('excluded_order_statuses')) }})
    union all
    select
        'pos_transactions' as record_source,
        transaction_id as record_id,
        transacted_at as ordered_at,
        'store' as channel,
        currency_code,
        total_amount as order_amount
    from pos_transactions
),

profile_purchases as (
    select
        {{ dbt.concat(['purchases.record_source', "':'", 'purchases.record_id']) }} as order_key,
        purchases.record_source,
        purchases.record_id,
        profile_records.profile_id,
        purchases.ordered_at,
        purchases.channel,
        purchases.currency_code,
        purchases.order_amount,
        purchases.order_amount * currency_rates.rate as reporting_amount
    from purchases
    inner join profile_records
        on
            purchases.record_source = profile_records.record_source
            and purchases.record_id = profile_records.record_id
    left join currency_rates on purchases.currency_code = currency_rates.from_currency_code
)

select * from profile_purchases
