{#- The custom traits of the var `custom_traits`, wide: one row per profile, one column per trait, each compiled
    by the macro custom_trait_sql. Counts are 0 for a profile with no record; other aggregates are null. -#}

{%- set traits = var('custom_traits') %}
{%- set trait_names = traits | map(attribute='name') | list %}

with

profiles as (
    select profile_id from {{ ref('profiles') }}
),

trait_values as (
    {% for trait in traits -%}
        {{ tessera.custom_trait_sql(trait, trait_names) }}
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        select profile_id from profiles where 1 = 0
    {% endfor %}
),

custom_traits as (
    select
        {% for trait in traits -%}
            {%- if trait.aggregation in tessera.custom_trait_counts() -%}
                coalesce(max(trait_values.{{ trait.name }}), 0) as {{ trait.name }},
            {%- else -%}
                max(trait_values.{{ trait.name }}) as {{ trait.name }},
            {%- endif %}
        {% endfor -%}
        profiles.profile_id
    from profiles
    left join trait_values on profiles.profile_id = trait_values.profile_id
    group by profiles.profile_id
)

select * from custom_traits
