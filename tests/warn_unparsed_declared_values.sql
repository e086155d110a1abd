{#- Values a declaration reads with a `format` (a date of birth written %Y%m%d, say) that did not parse, counted
    per source and attribute: a warning with the count, never a silent null. -#}
{{ config(severity='warn') }}

{%- set checks = [] %}
{%- for declared in tessera.declared_sources() %}
    {%- for part in ['person_attributes', 'profile_attributes'] %}
        {%- for attribute, spec in (declared.get(part) or {}).items() %}
            {%- for item in (spec if spec is sequence and spec is not string and spec is not mapping else [spec]) %}
                {%- if item is mapping and item.get('format') %}
                    {%- do checks.append({'source': declared, 'part': part, 'attribute': attribute, 'spec': item}) %}
                {%- endif %}
            {%- endfor %}
        {%- endfor %}
    {%- endfor %}
{%- endfor %}

with

unparsed as (
    {% for check in checks -%}
        select
            '{{ check.source.entry }}' as source_model,
            '{{ check.part }}.{{ check.attribute }}' as declared_key,
            '{{ check.spec.column }}' as source_column,
            '{{ check.spec.format }}' as declared_format,
            count(*) as unparsed_values
        from {{ check.source.relation }}
        where
            nullif(trim({{ tessera.try_cast(check.spec.column, dbt.type_string()) }}), '') is not null
            and {{ tessera.parse_date_with_format(check.spec.column, check.spec.format) }} is null
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        select
            '' as source_model,
            '' as declared_key,
            '' as source_column,
            '' as declared_format,
            0 as unparsed_values
    {%- endfor %}
)

select * from unparsed
where unparsed_values > 0
