{#- Every line of a purchase, from every declared source with `purchase_lines`: which purchase it belongs to (the
    record source and record id of the purchase), its product category and quantity. What the favourite-category
    trait counts. -#}

{%- set sources = tessera.declared_sources('purchase_lines') %}

with

purchase_lines as (
    {% for source in sources -%}
        {%- set line = source.purchase_lines -%}
        select
            '{{ source.record_source }}' as record_source,
            {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
            '{{ line.purchase_record_source }}' as purchase_record_source,
            {{ tessera.try_cast(line.purchase_id, dbt.type_string()) }} as purchase_id,
            {{ line.category }} as product_category,
            {{ line.quantity }} as quantity
        from {{ source.relation }}
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        {{ tessera.empty_rows({
            'record_source': dbt.type_string(), 'record_id': dbt.type_string(),
            'purchase_record_source': dbt.type_string(), 'purchase_id': dbt.type_string(),
            'product_category': dbt.type_string(), 'quantity': dbt.type_bigint(),
        }) }}
    {%- endfor %}
),

keyed as (
    select
        {{ dbt.concat(['record_source', "':'", 'record_id']) }} as record_key,
        purchase_lines.*
    from purchase_lines
)

select * from keyed
