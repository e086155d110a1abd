{#- One row per source record that carries person attributes, generated from the var `person_attribute_sources`
    (which column of which model is which attribute), every attribute normalised the same way whatever its source
    (macro person_attribute): what probabilistic matching compares. Record source and id are the keys of
    int_identifiers, so a record meets the identity graph at its anchor node. -#}

{#- output column: the configured attribute it comes from -#}
{%- set columns = {
    'given_name': 'given_name', 'family_name': 'family_name', 'birth_date': 'birth_date',
    'address_line': 'address_line', 'postal_code': 'postal_code', 'city': 'city', 'country_code': 'country_code',
    'phone': 'phone', 'email_local_part': 'email', 'email_domain': 'email', 'national_id': 'national_id'
} %}

with

variants as (
    select * from {{ ref('given_name_variants') }}
),

unioned as (
    {% for entry in var('person_attribute_sources') -%}
        select
            '{{ entry.record_source }}' as record_source,
            {{ tessera.try_cast(entry.record_id, dbt.type_string()) }} as record_id,
            {% for column, attribute in columns.items() -%}
                {%- set spec = entry.attributes.get(attribute) -%}
                {%- if spec is none -%}
                    {{ tessera.try_cast('null', dbt.type_string()) }}
                {%- elif spec is mapping and spec.valid_if -%}
                    case when {{ spec.valid_if }} then {{ tessera.person_attribute(column, spec.column) }} end
                {%- else -%}
                    {{ tessera.person_attribute(column, spec.column if spec is mapping else spec) }}
                {%- endif %} as {{ column }}
                {%- if not loop.last %},{% endif %}
            {% endfor -%}
        from {{ tessera.configured_relation(entry) }}
        where {{ entry.record_id }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

named as (
    -- a record is a person record when it names the person
    select * from unioned
    where given_name is not null or family_name is not null
),

canonical as (
    select
        named.record_source || ':' || named.record_id as record_key,
        named.record_source,
        named.record_id,
        named.given_name,
        coalesce(variants.given_name, named.given_name) as given_name_canonical,
        {% for column in (columns.keys() | list)[1:] -%}
            named.{{ column }}
            {%- if not loop.last %},{% endif %}
        {% endfor %}
    from named
    left join variants on named.given_name = variants.nickname
)

select * from canonical
