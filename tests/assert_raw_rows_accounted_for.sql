{#- Every raw row of every source is either kept by its staging model or set aside in stg_rejected_records:
    kept + rejected = raw, per source table. Returns the tables where that does not hold. -#}

with

counts as (
    {% for entity in tessera.staged_entities() -%}
        select
            '{{ entity.source_name }}' as source_name,
            '{{ entity.table_name }}' as table_name,
            (
                select count(*) from {{ source(entity.source_name, entity.table_name) }}
                {% if entity.source_name == 'segment' %}where trim(raw_line) <> ''{% endif %}
            ) as raw_rows,
            (select count(*) from {{ ref(entity.staging_model) }}) as kept_rows,
            (
                select count(*) from {{ ref('stg_rejected_records') }}
                where source_name = '{{ entity.source_name }}' and table_name = '{{ entity.table_name }}'
            ) as rejected_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select *
from counts
where raw_rows <> kept_rows + rejected_rows or raw_rows = 0
