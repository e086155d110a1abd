{#- Consent state per profile and purpose: one row for every profile and every purpose of the var
    `consent_purposes`. The state is the latest consent event for the purpose across all the identifiers of the
    profile (an event names an identifier; the var `consent_identifier_types` maps its type to the identity
    graph's). A profile no event names for a purpose is `never_asked`, which is not `withdrawn`. A consent tool
    carries no country: a phone it writes in national form is read in the default country, and when that number
    is no phone of the graph, its digits are matched against the end of the graph's numbers, for a single
    profile only. -#}

with

profiles as (
    select * from {{ ref('int_profiles') }}
),

identifiers as (
    select * from {{ ref('int_profile_identifiers') }}
    where profile_id is not null
),

consent_events as (
    {{ tessera.declared_part_rows('consent_events') }}
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

exact_matches as (
    select
        consent_events.consent_event_id,
        identifiers.profile_id
    from consent_events
    inner join identifier_types
        on consent_events.identifier_type = identifier_types.consent_identifier_type
    inner join identifiers
        on
            identifier_types.identifier_type = identifiers.identifier_type
            and consent_events.identifier_value = identifiers.identifier_value
),

national_lengths as (
    select distinct length(national_number) as national_number_digits
    from consent_events
    where national_number is not null
),

phone_identifiers as (
    select * from identifiers
    where identifier_type = 'phone'
),

phone_national_numbers as (
    {{ tessera.national_number_endings('phone_identifiers', 'profile_id', 'national_lengths') }}
),

national_matches as (
    -- a phone written in national form that matches no number read in the default country: its digits, when one
    -- profile only has a phone ending in them (the same digits in two countries are two people)
    select
        consent_events.consent_event_id,
        min(phone_national_numbers.profile_id) as profile_id
    from consent_events
    inner join phone_national_numbers
        on
            length(consent_events.national_number) = phone_national_numbers.national_number_digits
            and consent_events.national_number = phone_national_numbers.national_number
    where consent_events.consent_event_id not in (select exact_matches.consent_event_id from exact_matches)
    group by consent_events.consent_event_id
    having count(distinct phone_national_numbers.profile_id) = 1
),

matched_events as (
    select * from exact_matches
    union all
    select * from national_matches
),

profile_events as (
    select
        matched_events.profile_id,
        consent_events.purpose,
        consent_events.consent_status,
        consent_events.collected_via,
        consent_events.occurred_at,
        row_number() over (
            partition by matched_events.profile_id, consent_events.purpose
            -- the latest event wins; at the same instant a withdrawal wins over a grant
            order by
                consent_events.occurred_at desc,
                case when consent_events.consent_status = 'withdrawn' then 0 else 1 end,
                consent_events.consent_event_id desc
        ) as recency_rank
    from matched_events
    inner join consent_events on matched_events.consent_event_id = consent_events.consent_event_id
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
