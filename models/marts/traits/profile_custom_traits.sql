{#- The custom traits of the var `custom_traits`, long: one row per (profile, trait) with a value, so that a new
    trait is a YAML entry and never a change of this table's columns. -#}

{%- set traits = var('custom_traits') %}

with

custom_traits as (
    select * from {{ ref('int_profile_custom_traits') }}
),

as_of as (
    select * from {{ ref('int_traits_as_of') }}
),

long_traits as (
    {% for trait in traits -%}
        select
            {{ dbt.concat(['custom_traits.profile_id', "':" ~ trait.name ~ "'"]) }} as profile_trait_id,
            custom_traits.profile_id,
            '{{ trait.name }}' as trait_name,
            '{{ trait.aggregation }}' as aggregation,
            {{ tessera.try_cast('custom_traits.' ~ trait.name, dbt.type_string()) }} as trait_value,
            {{ tessera.try_cast('custom_traits.' ~ trait.name, 'double') }} as trait_number,
            as_of.as_of_at
        from custom_traits
        cross join as_of
        where custom_traits.{{ trait.name }} is not null
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        select
            cast(null as {{ dbt.type_string() }}) as profile_trait_id,
            cast(null as {{ dbt.type_string() }}) as profile_id,
            cast(null as {{ dbt.type_string() }}) as trait_name,
            cast(null as {{ dbt.type_string() }}) as aggregation,
            cast(null as {{ dbt.type_string() }}) as trait_value,
            cast(null as double) as trait_number,
            as_of_at
        from as_of
        where 1 = 0
    {% endfor -%}
)

select * from long_traits
