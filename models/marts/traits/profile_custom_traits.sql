{#- The custom traits of the var `custom_traits`, long: one row per (profile, trait) with a value, so that a new
    trait is a YAML entry and never a change of this table's columns. Each entry is compiled by the macro
    custom_trait_sql; counts are 0 for a profile with no record, other aggregates have no row. -#}

{%- set traits = tessera.custom_trait_entries() %}

with

profiles as (
    select profile_id from {{ ref('profiles') }}
),

as_of as (
    select * from {{ ref('int_traits_as_of') }}
),

trait_values as (
    {{ tessera.custom_trait_values('profiles') }}
),

custom_traits as (
    select
        {{ tessera.custom_trait_columns('trait_values') }}
        profiles.profile_id
    from profiles
    left join trait_values on profiles.profile_id = trait_values.profile_id
    group by profiles.profile_id
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
