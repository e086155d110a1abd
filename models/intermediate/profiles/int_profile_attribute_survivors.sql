{#- The surviving value of every person attribute of every profile: the candidate its attribute's survivorship
    rule (var `profile_attributes`) ranks first. First-party values win over third-party ones; then the rule
    (source priority, most frequent value, or none for most recent); then the most recently seen; then the
    smallest value, so the choice never depends on the order of the input. -#}

{%- set attributes = tessera.profile_attribute_config() %}

with

candidates as (
    select * from {{ ref('int_profile_attribute_candidates') }}
),

counted as (
    select
        *,
        count(*) over (partition by profile_id, attribute_name, attribute_value) as value_record_count,
        count(*) over (partition by profile_id, attribute_name) as candidate_count
    from candidates
),

ranked as (
    select
        *,
        row_number() over (
            partition by profile_id, attribute_name
            order by
                {{ tessera.survivorship_party_rank(attributes, 'attribute_name', 'is_first_party') }},
                {{ tessera.survivorship_rule_rank(
                    attributes, 'attribute_name', 'record_source', 'value_record_count'
                ) }},
                seen_at desc,
                attribute_value asc,
                record_source asc
        ) as survivor_rank
    from counted
),

survivors as (
    select
        {{ dbt.concat(['profile_id', "':'", 'attribute_name']) }} as profile_attribute_id,
        profile_id,
        attribute_name,
        attribute_value,
        record_source,
        record_id,
        seen_at,
        is_first_party,
        case attribute_name
            {% for name, config in attributes.items() -%}
                when '{{ name }}' then '{{ config.rule }}'
            {% endfor -%}
        end as survivorship_rule,
        value_record_count,
        candidate_count
    from ranked
    where survivor_rank = 1
)

select * from survivors
