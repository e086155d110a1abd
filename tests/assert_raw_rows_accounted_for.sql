{#- Every raw row of every declared source is either kept by its staging model or set aside in
    stg_rejected_records: kept + rejected = raw, per source table. Returns the tables where that does not hold.
    A source with no rows passes (its has_rows test warns). -#}

{%- set base_models = tessera.registered_base_models() %}
{%- set rejected = ref('stg_rejected_records') %}
{%- set sources = tessera.declared_sources('raw', read=false) | selectattr('base_model', 'in', base_models) | list %}

with

counts as (
    {% for declared in sources -%}
        {%- set source_name, table_name = tessera.raw_source_parts(declared) -%}
        select
            '{{ source_name }}' as source_name,
            '{{ table_name }}' as table_name,
            (
                select count(*) from {{ source(source_name, table_name) }}
                {% if declared.raw.format == 'lines' %}where trim(raw_line) <> ''{% endif %}
            ) as raw_rows,
            (
                select count(*) from {{ ref(declared.base_model) }}
                where rejection_reason is null
            ) as kept_rows,
            (
                select count(*) from {{ rejected }}
                where source_name = '{{ source_name }}' and table_name = '{{ table_name }}'
            ) as rejected_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {%- if not sources %}
        select '' as source_name, '' as table_name, 0 as raw_rows, 0 as kept_rows, 0 as rejected_rows
    {%- endif %}
)

select *
from counts
where raw_rows <> kept_rows + rejected_rows
