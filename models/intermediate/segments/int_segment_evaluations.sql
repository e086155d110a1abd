{#- The members of every segment of the var `segments`, long: one row per (segment, member profile). A profile is
    a member when the conditions of its `where` hold over its traits (profile_traits and the custom traits), its did /
    did_not conditions hold over its track events (counted within their window before the as-of time), and it is
    in the segments the segment includes and in none it excludes. -#}

{%- set segments = tessera.segment_definitions() %}
{%- set behaviours = tessera.segment_behaviours(segments) %}
{%- set expressions = tessera.segment_membership_expressions(segments) %}

with

traits as (
    select * from {{ ref('int_profile_traits') }}
),

profile_records as (
    select * from {{ ref('int_profile_records') }}
    where profile_id is not null
),

events as (
    select * from {{ ref('int_events_unioned') }}
    where is_action
),

as_of as (
    select * from {{ ref('int_traits_as_of') }}
),

trait_values as (
    {{ tessera.custom_trait_values('traits') }}
),

custom_traits as (
    select
        {{ tessera.custom_trait_columns('trait_values') }}
        trait_values.profile_id
    from trait_values
    group by trait_values.profile_id
),

behaviour_counts as (
    select
        {% for behaviour in behaviours -%}
            count(
                case
                    when
                        events.event_name = '{{ behaviour.event | replace("'", "''") }}'
                        {%- if behaviour.within_days %}
                            and events.occurred_at
                            > {{ dbt.dateadd('day', -1 * behaviour.within_days, 'as_of.as_of_at') }}
                            and events.occurred_at <= as_of.as_of_at
                        {%- endif %}
                        then 1
                end
            ) as behaviour_{{ loop.index }},
        {% endfor -%}
        profile_records.profile_id
    from events
    inner join profile_records
        on events.record_source = profile_records.record_source and events.record_id = profile_records.record_id
    cross join as_of
    group by profile_records.profile_id
),

profile_facts as (
    select
        {% for trait in tessera.custom_trait_entries() -%}
            {%- if trait.aggregation in tessera.custom_trait_counts() -%}
                coalesce(custom_traits.{{ trait.name }}, 0) as {{ trait.name }},
            {%- else -%}
                custom_traits.{{ trait.name }},
            {%- endif %}
        {% endfor -%}
        {% for behaviour in behaviours -%}
            coalesce(behaviour_counts.behaviour_{{ loop.index }}, 0) as behaviour_{{ loop.index }},
        {% endfor -%}
        traits.*
    from traits
    left join custom_traits on traits.profile_id = custom_traits.profile_id
    left join behaviour_counts on traits.profile_id = behaviour_counts.profile_id
),

own_conditions as (
    select
        {% for segment in segments -%}
            {{ tessera.segment_own_condition(segment, behaviours) }} as is_{{ segment.id }}_own,
        {% endfor -%}
        profile_id
    from profile_facts
),

evaluated as (
    select
        {% for segment in segments -%}
            {{ expressions[segment.id] }} as is_in_{{ segment.id }},
        {% endfor -%}
        profile_id
    from own_conditions
),

members as (
    {% for segment in segments -%}
        select
            {{ dbt.concat(["'" ~ segment.id ~ ":'", 'profile_id']) }} as segment_membership_id,
            '{{ segment.id }}' as segment_id,
            profile_id
        from evaluated
        where is_in_{{ segment.id }}
        {% if not loop.last %}union all{% endif %}
    {% else -%}
        select
            profile_id as segment_membership_id,
            profile_id as segment_id,
            profile_id
        from evaluated
        where 1 = 0
    {% endfor -%}
)

select * from members
