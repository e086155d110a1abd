{#- Consent state per profile and purpose: one row for every profile and every purpose of the var
    `consent_purposes`. The state is the latest consent event for the purpose across all the identifiers of the
    profile (an event names an identifier; the var `consent_identifier_types` maps its type to the identity
    graph's). A profile no event names for a purpose is `never_asked`, which is not `withdrawn`. -#}

with

profiles as (
    select * from {{ ref('profiles') }}
),

identifiers as (
    select * from {{ ref('profile_identifiers') }}
    where profile_id is not null
),

consent_events as (
    select * from {{ ref('stg_consent__events') }}
),

purposes as (
    {% for purpose in var('consent_purposes') -%}
        select '{{ purpose }}' as purpose
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

identifier_types as (
    {% for consent_type, graph_type in var('consent_identifier_types').items() -%}
        select
            '{{ consent_type }}' as consent_identifier_type,
            '{{ graph_type }}' as identifier_type
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

profile_events as (
    select
        identifiers.profile_id,
        consent_events.purpose,
        consent_events.consent_status,
        consent_events.collected_via,
        consent_events.occurred_at,
        row_number() over (
            partition by identifiers.profile_id, consent_events.purpose
            -- the latest event wins; at the same instant a withdrawal wins over a grant
            order by
                consent_events.occurred_at desc,
                case when consent_events.consent_status = 'withdrawn' then 0 else 1 end,
                consent_events.consent_event_id desc
        ) as recency_rank
    from consent_events
    inner join identifier_types
        on consent_events.identifier_type = identifier_types.consent_identifier_type
    inner join identifiers
        on
            identifier_types.identifier_type = identifiers.identifier_type
            and consent_events.identifier_value = identifiers.identifier_value
),

latest as (
    select * from profile_events
    where recency_rank = 1
),

consents as (
    select
        {{ dbt.hash(dbt.concat(['profiles.profile_id', "'|'", 'purposes.purpose'])) }} as consent_id,
        profiles.profile_id,
        purposes.purpose,
        coalesce(latest.consent_status, 'never_asked') as consent_state,
        coalesce(latest.consent_status = 'granted', false) as is_granted,
        latest.occurred_at as consent_changed_at,
        latest.collected_via as consent_source
    from profiles
    cross join purposes
    left join latest
        on profiles.profile_id = latest.profile_id and purposes.purpose = latest.purpose
)

select * from consents
