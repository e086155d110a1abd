{#- One row per source record that carries person attributes (the `person_attributes` of each source's
    declaration: which column is which attribute, with its validity column or date format), every attribute
    normalised the same way whatever its source (macro person_attribute): what probabilistic matching compares.
    Record source and id are the keys of int_identifiers, so a record meets the identity graph at its anchor
    node. -#}

{#- output column: the configured attribute it comes from -#}
{%- set columns = {
    'given_name': 'given_name', 'family_name': 'family_name', 'birth_date': 'birth_date',
    'address_line': 'address_line', 'postal_code': 'postal_code', 'city': 'city', 'country_code': 'country_code',
    'phone': 'phone', 'email_local_part': 'email', 'email_domain': 'email', 'national_id': 'national_id'
} %}

{%- set sources = tessera.declared_sources('person_attributes') %}

with

variants as (
    select * from {{ ref('given_name_variants') }}
),

unioned as (
    {% for source in sources -%}
        {%- set attributes = source.person_attributes -%}
        select
            '{{ source.record_source }}' as record_source,
            {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
            {% for column, attribute in columns.items() -%}
                {%- if attributes.get(attribute) is none -%}
                    {{ tessera.try_cast('null', dbt.type_string()) }}
                {%- else -%}
                    {{ tessera.person_attribute(column, tessera.declared_value(attributes.get(attribute))) }}
                {%- endif %} as {{ column }}
                {%- if not loop.last %},{% endif %}
            {% endfor -%}
        from {{ source.relation }}
        where {{ source.record_id }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {%- if not sources %}
        {%- set empty_columns = {'record_source': dbt.type_string(), 'record_id': dbt.type_string()} %}
        {%- for column in columns %}{% do empty_columns.update({column: dbt.type_string()}) %}{% endfor %}
        {{ tessera.empty_rows(empty_columns) }}
    {%- endif %}
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
