{#- One row per (record, identifier type, normalised value): every identifier every declared source carries (the
    `identifiers` of its declaration: which column is which identifier type, and the boolean column that must be
    true for the value to be used). -#}

{%- set sources = tessera.declared_sources('identifiers') %}

with

unioned as (
    {% for source in sources -%}
        {%- set outer_loop = loop -%}
        {%- for identifier in source.identifiers -%}
            select
                '{{ source.record_source }}' as record_source,
                {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
                '{{ identifier.type }}' as identifier_type,
                {{ tessera.declared_identifier_value(identifier) }} as identifier_value,
                '{{ identifier.column }}' as source_column,
                {{ tessera.try_cast(source.observed_at, dbt.type_timestamp()) }} as observed_at
            from {{ source.relation }}
            where
                {{ tessera.declared_identifier_value(identifier) }} is not null
                {%- if identifier.valid_if %}
                    and {{ identifier.valid_if }}
                {%- endif %}
            {% if not (outer_loop.last and loop.last) %}union all{% endif %}
        {% endfor -%}
    {%- endfor %}
    {%- if not sources %}
        {{ tessera.empty_rows({
            'record_source': dbt.type_string(), 'record_id': dbt.type_string(),
            'identifier_type': dbt.type_string(), 'identifier_value': dbt.type_string(),
            'source_column': dbt.type_string(), 'observed_at': dbt.type_timestamp(),
        }) }}
    {%- endif %}
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
