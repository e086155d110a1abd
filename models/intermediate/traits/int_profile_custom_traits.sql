{#- The custom traits of the var `custom_traits`, wide: one row per profile, one column per trait, each compiled
    by the macro custom_trait_sql. Counts are 0 for a profile with no record; other aggregates are null. -#}

{%- set traits = var('custom_traits') %}

with

profiles as (
    select profile_id from {{ ref('profiles') }}
),

custom_traits as (
    select
        {% for trait in traits -%}
            {%- if trait.aggregation in tessera.custom_trait_counts() -%}
                coalesce(trait_{{ loop.index }}.trait_value, 0) as {{ trait.name }},
            {%- else -%}
                trait_{{ loop.index }}.trait_value as {{ trait.name }},
            {%- endif %}
        {% endfor -%}
        profiles.profile_id
    from profiles
    {% for trait in traits -%}
        left join ({{ tessera.custom_trait_sql(trait) }}) as trait_{{ loop.index }}
            on profiles.profile_id = trait_{{ loop.index }}.profile_id
    {% endfor %}
)

select * from custom_traits
