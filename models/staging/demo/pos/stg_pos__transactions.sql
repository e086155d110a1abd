with

base as (
    select * from {{ ref('base_pos__transactions') }}
),

kept as (
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
        'store' as purchase_channel
    from base
    where rejection_reason is null
)

select * from kept
