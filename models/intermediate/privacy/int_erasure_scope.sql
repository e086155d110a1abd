{#- What each erasure request erases, found in this run's identity graph: the person is the profile holding the
    identifier the request names, and everything that profile holds is suppressed (macros/privacy/erasure.sql).
    One row per request and suppressed value, as SHA-256 only (kind says what it is the hash of): the identifier
    named; every identifier of the profile (with its identifier_id; for a phone also its digits alone, the form
    ad platforms hash, and the numbers it becomes when written in national form and read in the default country,
    as staging reads a consent event's phone); every record key ('<record_source>:<record_id>'); the profile id.
    A request whose identifier is in no profile suppresses that identifier alone. A phone written without its
    country (a national number) is matched by its digits against the end of the graph's E.164 numbers, and only
    when one profile matches. -#}

with

requests as (
    {{ tessera.declared_part_rows('erasure_requests') }}
),

nodes as (
    select * from {{ ref('int_identity_nodes') }}
),

clusters as (
    select * from {{ ref('int_identity_clusters') }}
),

profiles as (
    select * from {{ ref('int_identity_profiles') }}
),

anchors as (
    select * from {{ ref('int_identity_record_anchors') }}
),

countries as (
    select * from {{ ref('countries') }}
),

default_country as (
    select * from countries
    where country_code = '{{ var("default_country_code") }}'
),

request_types as (
    {% for request_type, identifier_type in var('erasure_identifier_types').items() -%}
        select
            '{{ request_type }}' as request_identifier_type,
            '{{ identifier_type }}' as identifier_type
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

exact_matches as (
    select distinct
        requests.erasure_request_id,
        clusters.component_id
    from requests
    inner join request_types on requests.identifier_type = request_types.request_identifier_type
    inner join nodes
        on
            request_types.identifier_type = nodes.identifier_type
            and requests.identifier_sha256 = {{ tessera.sha256('nodes.identifier_value') }}
    inner join clusters on nodes.node_id = clusters.node_id
),

national_lengths as (
    select distinct national_number_digits
    from requests
    where national_number_digits is not null
),

phone_nodes as (
    select * from nodes
    where identifier_type = 'phone'
),

phone_national_numbers as (
    {{ tessera.national_number_endings('phone_nodes', 'node_id', 'national_lengths') }}
),

national_candidates as (
    -- a phone request written without its country that matches no E.164 number exactly
    select distinct
        requests.erasure_request_id,
        clusters.component_id
    from requests
    inner join phone_national_numbers
        on
            requests.national_number_digits = phone_national_numbers.national_number_digits
            and requests.national_number_sha256 = {{ tessera.sha256('phone_national_numbers.national_number') }}
    inner join clusters on phone_national_numbers.node_id = clusters.node_id
    where requests.erasure_request_id not in (select exact_matches.erasure_request_id from exact_matches)
),

national_matches as (
    -- only when one profile has that national number: the same digits in two countries are two people
    select
        erasure_request_id,
        min(component_id) as component_id
    from national_candidates
    group by erasure_request_id
    having count(*) = 1
),

requested_components as (
    select * from exact_matches
    union all
    select * from national_matches
),

component_nodes as (
    select
        requested_components.erasure_request_id,
        nodes.identifier_type,
        nodes.identifier_value
    from requested_components
    inner join clusters on requested_components.component_id = clusters.component_id
    inner join nodes on clusters.node_id = nodes.node_id
),

component_records as (
    select
        requested_components.erasure_request_id,
        anchors.record_key
    from requested_components
    inner join clusters on requested_components.component_id = clusters.component_id
    inner join anchors on clusters.node_id = anchors.anchor_node_id
),

phone_countries as (
    -- each phone of an erased profile with the country whose calling code starts it (the longest that does)
    select
        component_nodes.erasure_request_id,
        substr(
            {{ tessera.digits_only('component_nodes.identifier_value') }}, length(countries.calling_code) + 1
        ) as national_number,
        countries.trunk_prefix,
        row_number() over (
            partition by component_nodes.erasure_request_id, component_nodes.identifier_value
            order by length(countries.calling_code) desc, countries.country_code
        ) as calling_code_rank
    from component_nodes
    inner join countries
        on {{ tessera.digits_only('component_nodes.identifier_value') }} like countries.calling_code || '%'
    where component_nodes.identifier_type = 'phone'
),

written_national_forms as (
    -- a phone written in national form, without and with its trunk prefix
    select
        erasure_request_id,
        national_number as written_number
    from phone_countries
    where calling_code_rank = 1

    union all

    select
        erasure_request_id,
        trunk_prefix || national_number as written_number
    from phone_countries
    where calling_code_rank = 1
),

phone_default_country_forms as (
    -- what staging makes of those when it reads them in the default country (a consent event carries no country)
    select
        written_national_forms.erasure_request_id,
        {{ tessera.phone_to_e164(
            'written_national_forms.written_number', 'written_national_forms.written_number',
            'default_country.calling_code', 'default_country.trunk_prefix'
        ) }} as phone_e164
    from written_national_forms
    cross join default_country
),

suppressed as (
    select
        erasure_request_id,
        'requested_identifier' as suppressed_kind,
        identifier_sha256 as suppressed_sha256
    from requests
    where identifier_sha256 is not null

    union all

    select
        erasure_request_id,
        'identifier' as suppressed_kind,
        {{ tessera.sha256('identifier_value') }} as suppressed_sha256
    from component_nodes

    union all

    select
        erasure_request_id,
        'identifier_id' as suppressed_kind,
        {{ tessera.sha256(tessera.identifier_id('identifier_type', 'identifier_value')) }}
            as suppressed_sha256
    from component_nodes

    union all

    select
        erasure_request_id,
        'phone_digits' as suppressed_kind,
        {{ tessera.sha256(tessera.digits_only('identifier_value')) }} as suppressed_sha256
    from component_nodes
    where identifier_type = 'phone'

    union all

    select
        erasure_request_id,
        'phone_default_country' as suppressed_kind,
        {{ tessera.sha256('phone_e164') }} as suppressed_sha256
    from phone_default_country_forms

    union all

    select
        erasure_request_id,
        'record' as suppressed_kind,
        {{ tessera.sha256('record_key') }} as suppressed_sha256
    from component_records

    union all

    select
        requested_components.erasure_request_id,
        'profile_id' as suppressed_kind,
        {{ tessera.sha256('profiles.profile_id') }} as suppressed_sha256
    from requested_components
    inner join profiles on requested_components.component_id = profiles.component_id
),

distinct_values as (
    select distinct
        erasure_request_id,
        suppressed_kind,
        suppressed_sha256
    from suppressed
)

select
    {{ dbt.hash(dbt.concat(['erasure_request_id', "'|'", 'suppressed_kind', "'|'", 'suppressed_sha256'])) }}
        as suppression_id,
    erasure_request_id,
    suppressed_kind,
    suppressed_sha256
from distinct_values
