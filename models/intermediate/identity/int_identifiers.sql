{#- One row per (record, identifier type, normalised value): every identifier every identity source carries,
    generated from the var `identity_sources` (which column of which staging model is which identifier type). -#}

with

unioned as (
    {% for source in var('identity_sources') -%}
        {%- set outer_loop = loop -%}
        {%- for identifier in source.identifiers -%}
            select
                '{{ source.record_source }}' as record_source,
                {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
                '{{ identifier.type }}' as identifier_type,
                {{ tessera.try_cast(identifier.column, dbt.type_string()) }} as identifier_value,
                '{{ identifier.column }}' as source_column,
                {{ source.observed_at }} as observed_at
            from {{ tessera.configured_relation(source) }}
            where
                {{ identifier.column }} is not null
                {%- if identifier.valid_if %}
                    and {{ identifier.valid_if }}
                {%- endif %}
            {% if not (outer_loop.last and loop.last) %}union all{% endif %}
        {% endfor -%}
    {%- endfor %}
),

deduplicated as (
    -- a record that carries the same identifier in two columns (phone and mobile phone) names it once
    select
        {{ dbt.hash(dbt.concat([
            'record_source', "'|'", 'record_id', "'|'", 'identifier_type', "'|'", 'identifier_value'
        ])) }} as record_identifier_id,
        record_source,
        record_id,
        identifier_type,
        identifier_value,
        min(source_column) as source_column,
        min(observed_at) as observed_at
    from unioned
    group by record_source, record_id, identifier_type, identifier_value
)

select * from deduplicated
