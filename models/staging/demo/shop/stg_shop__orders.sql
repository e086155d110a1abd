with

base as (
    select * from {{ ref('base_shop__orders') }}
),

kept as (
    select
        order_id,
        order_number,
        customer_id,
        is_guest_checkout,
        email,
        is_email_valid,
        phone,
        phone_e164,
        is_phone_valid,
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
        -- the channel of a purchase in the vocabulary of the purchase traits (web, mobile or store)
        case when order_channel = 'web' then 'web' else 'mobile' end as purchase_channel,
        -- cancelled orders and the payment states of the var excluded_order_statuses are not purchases
        (
            cancelled_at is null
            and coalesce(financial_status, '') not in ({{ tessera.quoted_values(var('excluded_order_statuses')) }})
        ) as is_purchase
    from base
    where rejection_reason is null
)

select * from kept
