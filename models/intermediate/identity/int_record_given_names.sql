{#- The given name on each identity record that carries one (key `given_name` of a source's declaration), with
    its initial after nicknames are mapped to their full form (Bob -> robert -> r): what merge protection compares
    to tell people who share an identifier apart. -#}

{%- set sources = tessera.declared_sources('identifiers') | selectattr('given_name') | list %}

with

variants as (
    select * from {{ ref('given_name_variants') }}
),

names as (
    {% for source in sources -%}
        {%- set given_name = tessera.declared_value(source.given_name) -%}
        select
            '{{ source.record_source }}' as record_source,
            {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
            lower(trim({{ given_name }})) as given_name
        from {{ source.relation }}
        where
            {{ source.record_id }} is not null
            and nullif(trim({{ given_name }}), '') is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {%- if not sources %}
        {{ tessera.empty_rows({
            'record_source': dbt.type_string(), 'record_id': dbt.type_string(), 'given_name': dbt.type_string(),
        }) }}
    {%- endif %}
),

canonical as (
    select
        names.record_source,
        names.record_id,
        names.given_name,
        coalesce(variants.given_name, names.given_name) as canonical_given_name
    from names
    left join variants on names.given_name = variants.nickname
),

keyed as (
    select
        {{ dbt.hash(dbt.concat(['record_source', "'|'", 'record_id'])) }} as record_key_hash,
        record_source,
        record_id,
        given_name,
        canonical_given_name,
        left(canonical_given_name, 1) as given_name_initial
    from canonical
)

select * from keyed
