{#- Purchase traits of every profile that bought: counts per channel, revenue in the reporting currency, average
    order value, first and last purchase, days since the last one (to the as-of time), RFM scores (1 to 5 by
    quintile among buyers; ties share a score), favourite category (most units bought in the shop) and preferred
    channel (most purchases, then the latest). -#}


with

orders as (
    select * from {{ ref('int_profile_orders') }}
),

order_lines as (
    select * from {{ ref('int_purchase_lines_unioned') }}
),

as_of as (
    select * from {{ ref('int_traits_as_of') }}
),

totals as (
    select
        orders.profile_id,
        count(*) as order_count,
        count(case when orders.channel = 'web' then 1 end) as web_order_count,
        count(case when orders.channel = 'mobile' then 1 end) as mobile_order_count,
        count(case when orders.channel = 'store' then 1 end) as store_order_count,
        -- summed as a decimal, so the total does not depend on the order the rows are added in (a sum of
        -- doubles does, in its last bits, which can move a total that sits on a half cent when it is rounded)
        cast(sum(cast(orders.reporting_amount as decimal(18, 6))) as double) as revenue,
        min(orders.ordered_at) as first_order_at,
        max(orders.ordered_at) as last_order_at,
        max(as_of.as_of_at) as as_of_at
    from orders
    cross join as_of
    group by orders.profile_id
),

channels as (
    select
        profile_id,
        channel,
        row_number() over (
            partition by profile_id order by count(*) desc, max(ordered_at) desc, channel asc
        ) as channel_rank
    from orders
    group by profile_id, channel
),

categories as (
    select
        orders.profile_id,
        order_lines.product_category,
        row_number() over (
            partition by orders.profile_id
            order by sum(order_lines.quantity) desc, order_lines.product_category asc
        ) as category_rank
    from orders
    inner join order_lines
        on
            orders.record_source = order_lines.purchase_record_source
            and orders.record_id = order_lines.purchase_id
    where order_lines.product_category is not null
    group by orders.profile_id, order_lines.product_category
),

scored as (
    select
        totals.profile_id,
        totals.order_count,
        totals.web_order_count,
        totals.mobile_order_count,
        totals.store_order_count,
        totals.revenue,
        totals.revenue / totals.order_count as average_order_value,
        totals.first_order_at,
        totals.last_order_at,
        {{ dbt.datediff('totals.last_order_at', 'totals.as_of_at', 'day') }} as days_since_last_order,
        {{ tessera.quintile_score('totals.last_order_at') }} as rfm_recency_score,
        {{ tessera.quintile_score('totals.order_count') }} as rfm_frequency_score,
        {{ tessera.quintile_score('totals.revenue') }} as rfm_monetary_score,
        categories.product_category as favourite_category,
        channels.channel as preferred_channel
    from totals
    left join categories on totals.profile_id = categories.profile_id and categories.category_rank = 1
    left join channels on totals.profile_id = channels.profile_id and channels.channel_rank = 1
)

select * from scored
