with

base as (
    select * from {{ ref('base_shop__order_lines') }}
),

kept as (
    select
        order_line_id,
        order_id,
        product_id,
        variant_id,
        sku,
        product_title,
        product_category,
        quantity,
        unit_price,
        total_discount,
        line_amount
    from base
    where rejection_reason is null
)

select * from kept
