{#- The golden record: one row per profile with the surviving value of every person attribute of the var
    `profile_attributes`, each with its provenance (<attribute>_source: the source table it came from, where
    `enrichment` marks a third-party value; <attribute>_seen_at: when that source saw it). -#}

{%- set attributes = tessera.profile_attribute_config() %}

with

profiles as (
    select * from {{ ref('int_profiles') }}
),

survivors as (
    select * from {{ ref('int_profile_attribute_survivors') }}
),

pivoted as (
    select
        profile_id,
        {% for name, config in attributes.items() -%}
            max(case when attribute_name = '{{ name }}' then attribute_value end) as {{ name }},
            max(case when attribute_name = '{{ name }}' then record_source end) as {{ name }}_source,
            max(case when attribute_name = '{{ name }}' then seen_at end) as {{ name }}_seen_at,
        {% endfor -%}
        count(case when not is_first_party then 1 end) as third_party_attribute_count
    from survivors
    group by profile_id
),

golden_records as (
    select
        profiles.profile_id,
        {% for name, config in attributes.items() -%}
            {{ tessera.try_cast('pivoted.' ~ name, tessera.profile_attribute_type(config)) }} as {{ name }},
            pivoted.{{ name }}_source,
            pivoted.{{ name }}_seen_at,
        {% endfor -%}
        coalesce(pivoted.third_party_attribute_count, 0) as third_party_attribute_count
    from profiles
    left join pivoted on profiles.profile_id = pivoted.profile_id
)

select * from golden_records
