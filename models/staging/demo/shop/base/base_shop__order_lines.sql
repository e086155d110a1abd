{{ config(materialized='table') }}

{%- set raw_columns = [
    'id', 'order_id', 'product_id', 'variant_id', 'sku', 'title', 'product_type', 'quantity', 'price',
    'total_discount'
] %}
{%- set money = dbt.type_numeric() %}

with

source as (
    select * from {{ source('shop', 'order_lines') }}
),

renamed as (
    select
        nullif(trim(source.id), '') as order_line_id,
        nullif(trim(source.order_id), '') as order_id,
        nullif(trim(source.product_id), '') as product_id,
        nullif(trim(source.variant_id), '') as variant_id,
        nullif(trim(source.sku), '') as sku,
        {{ tessera.clean_text('source.title') }} as product_title,
        {{ tessera.clean_text('source.product_type') }} as product_category,
        case
            when {{ tessera.regexp_full_match('trim(source.quantity)', '-?[0-9]+') }}
                then cast(trim(source.quantity) as {{ dbt.type_int() }})
        end as quantity,
        {{ tessera.try_cast('trim(source.price)', money) }} as unit_price,
        coalesce({{ tessera.try_cast('trim(source.total_discount)', money) }}, 0) as total_discount,
        {{ tessera.to_json_object('source', raw_columns) }} as raw_record
    from source
),

normalized as (
    select
        *,
        case
            when order_line_id is null then 'missing_primary_key'
            when order_id is null then 'missing_order_id'
            when quantity is null or quantity <= 0 then 'invalid_quantity'
            when unit_price is null or unit_price < 0 then 'invalid_amount'
        end as invalid_reason
    from renamed
),

{{ tessera.judge_rows('normalized', 'order_line_id') }},

output as (
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
        quantity * unit_price - total_discount as line_amount,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_shop__order_lines') }}
