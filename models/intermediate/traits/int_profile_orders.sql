{#- Every purchase of a profile, from every declared source with `purchases` (web orders and till
    transactions alike), with its channel and its amount in the reporting currency (var `reporting_currency`,
    converted with the seed currency_rates). A source's `counts_if` names the boolean column that says whether a
    record counts as a purchase (a cancelled or refunded order does not). -#}

{%- set sources = tessera.declared_sources('purchases') %}

with

profile_records as (
    select * from {{ ref('int_profile_records') }}
    where profile_id is not null
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
    where to_currency_code = '{{ var("reporting_currency") }}'
),

purchases as (
    {% for source in sources -%}
        {%- set purchase = source.purchases -%}
        select
            '{{ source.record_source }}' as record_source,
            {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
            {{ purchase.ordered_at }} as ordered_at,
            {{ purchase.channel }} as channel,
            {{ purchase.currency_code }} as currency_code,
            {{ purchase.amount }} as order_amount
        from {{ source.relation }}
        {%- if purchase.get('counts_if') %}
            where {{ purchase.counts_if }}
        {%- endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {%- if not sources %}
        {{ tessera.empty_rows({
            'record_source': dbt.type_string(), 'record_id': dbt.type_string(),
            'ordered_at': dbt.type_timestamp(), 'channel': dbt.type_string(), 'currency_code': dbt.type_string(),
            'order_amount': dbt.type_numeric(),
        }) }}
    {%- endif %}
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
