{#- Every profile with, for every segment of the var `segments`, whether it is a member: the segment's rule over
    the profile's traits (profile_traits and the custom traits), its did / did_not conditions over the profile's
    track events (counted within their window before the as-of time), and the segments it includes or
    excludes. -#}

{%- set segments = tessera.segment_definitions() %}
{%- set behaviours = tessera.segment_behaviours(segments) %}
{%- set expressions = tessera.segment_membership_expressions(segments) %}

with

traits as (
    select * from {{ ref('profile_traits') }}
),

custom_traits as (
    select * from {{ ref('int_profile_custom_traits') }}
),

profile_records as (
    select * from {{ ref('profile_records') }}
    where record_source = 'events' and profile_id is not null
),

events as (
    select * from {{ ref('stg_segment__events') }}
    where event_type = 'track'
),

as_of as (
    select * from {{ ref('int_traits_as_of') }}
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
    inner join profile_records on events.message_id = profile_records.record_id
    cross join as_of
    group by profile_records.profile_id
),

profile_facts as (
    select
        {% for trait in var('custom_traits') -%}
            custom_traits.{{ trait.name }},
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
)

select * from evaluated
