{#- Every raw row that staging set aside, from every source, with the reason and the row as it arrived.
    Kept rows plus these rows add up to the raw rows of each source (tests/assert_raw_rows_accounted_for.sql).
    A row of an erased person is counted with reason `erased` and nothing else: no record id, no raw row. -#}

{%- set base_models = tessera.registered_base_models() %}
{%- set sources = tessera.declared_sources('raw', read=false) | selectattr('base_model', 'in', base_models) | list %}

with

unioned as (
    {% for source in sources -%}
        {%- set source_name, table_name = tessera.raw_source_parts(source) -%}
        select
            '{{ source_name }}' as source_name,
            '{{ table_name }}' as table_name,
            {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
            rejection_reason,
            {{ tessera.try_cast('rejected_raw_record', dbt.type_string()) }} as raw_record
        from {{ ref(source.base_model) }}
        where rejection_reason is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {%- if not sources %}
        {{ tessera.empty_rows({
            'source_name': dbt.type_string(), 'table_name': dbt.type_string(), 'record_id': dbt.type_string(),
            'rejection_reason': dbt.type_string(), 'raw_record': dbt.type_string(),
        }) }}
    {%- endif %}
),

numbered as (
    select
        *,
        row_number() over (
            partition by source_name, table_name, raw_record
            order by rejection_reason
        ) as copy_number
    from unioned
),

identified as (
    select
        {{ dbt.hash(dbt.concat([
            'source_name', "'|'", 'table_name', "'|'", "coalesce(raw_record, rejection_reason)", "'|'",
            tessera.try_cast('copy_number', dbt.type_string())
        ])) }} as rejected_record_id,
        source_name,
        table_name,
        record_id,
        rejection_reason,
        raw_record
    from numbered
)

select * from identified
