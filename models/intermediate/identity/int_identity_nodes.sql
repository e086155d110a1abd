{#- One row per typed identifier (identifier type, normalised value): the nodes of the identity graph, with a
    dense integer id for the components loop, when and where they were seen, and whether merge protection
    excludes them from linking (a blocked value, or a hub that links too many distinct hard identities). -#}

{%- set limits = var('hard_identifier_limits') %}
{%- set linked_limits = var('linked_identifier_limits', {}) %}

with

identifiers as (
    select * from {{ ref('int_identifiers') }}
),

blocked_identifiers as (
    select * from {{ ref('blocked_identifiers') }}
),

given_names as (
    select * from {{ ref('int_record_given_names') }}
),

nodes as (
    select
        identifier_type,
        identifier_value,
        min(observed_at) as first_seen_at,
        max(observed_at) as last_seen_at,
        count(*) as record_count,
        count(distinct record_source) as source_count
    from identifiers
    group by identifier_type, identifier_value
),

hard_links as (
    -- for every soft identifier, how many distinct values of each hard type share a record with it, and of
    -- every other type it has its own limit for (var linked_identifier_limits)
    select
        soft.identifier_type,
        soft.identifier_value,
        hard.identifier_type as hard_identifier_type,
        count(distinct hard.identifier_value) as hard_identifier_count
    from identifiers as soft
    inner join identifiers as hard
        on
            soft.record_source = hard.record_source
            and soft.record_id = hard.record_id
    where
        (
            soft.identifier_type not in ({{ tessera.quoted_values(limits.keys() | list) }})
            and hard.identifier_type in ({{ tessera.quoted_values(limits.keys() | list) }})
        )
        {%- for soft_type, linked in linked_limits.items() %}
            or (
                soft.identifier_type = '{{ soft_type }}'
                and hard.identifier_type in ({{ tessera.quoted_values(linked.keys() | list) }})
            )
        {%- endfor %}
    group by soft.identifier_type, soft.identifier_value, hard.identifier_type
),

hubs as (
    select
        identifier_type,
        identifier_value,
        min(
            'hub: links ' || {{ tessera.try_cast('hard_identifier_count', dbt.type_string()) }}
            || ' distinct ' || hard_identifier_type
        ) as hub_reason
    from hard_links
    where
        {% for hard_type, limit in limits.items() -%}
            (hard_identifier_type = '{{ hard_type }}' and hard_identifier_count > {{ limit }})
            {%- if not loop.last %} or {% endif %}
        {% endfor %}
        {%- for soft_type, linked in linked_limits.items() %}
            {%- for linked_type, limit in linked.items() %}
                or (
                    identifier_type = '{{ soft_type }}'
                    and hard_identifier_type = '{{ linked_type }}'
                    and hard_identifier_count > {{ limit }}
                )
            {%- endfor %}
        {%- endfor %}
    group by identifier_type, identifier_value
),

named_identifiers as (
    -- the given names (as written and with nicknames mapped) seen on the records of each soft identifier
    select distinct
        identifiers.identifier_type,
        identifiers.identifier_value,
        given_names.given_name,
        given_names.canonical_given_name
    from identifiers
    inner join given_names
        on
            identifiers.record_source = given_names.record_source
            and identifiers.record_id = given_names.record_id
    where
        {{ var('exclude_identifiers_with_conflicting_given_names') }}
        and identifiers.identifier_type not in ({{ tessera.quoted_values(limits.keys() | list) }})
),

name_candidates as (
    select
        identifier_type,
        identifier_value
    from named_identifiers
    group by identifier_type, identifier_value
    having count(distinct canonical_given_name) > 1
),

name_pairs as (
    -- two names agree when they are the same after nicknames, one is the initial of the other, or they are a
    -- typo apart (one edit, names of four letters or more, as written or after nicknames)
    select
        first_name.identifier_type,
        first_name.identifier_value,
        first_name.canonical_given_name as first_canonical_name,
        second_name.canonical_given_name as second_canonical_name
    from named_identifiers as first_name
    inner join name_candidates
        on
            first_name.identifier_type = name_candidates.identifier_type
            and first_name.identifier_value = name_candidates.identifier_value
    inner join named_identifiers as second_name
        on
            first_name.identifier_type = second_name.identifier_type
            and first_name.identifier_value = second_name.identifier_value
            and first_name.canonical_given_name < second_name.canonical_given_name
    where not (
            (
                length(first_name.canonical_given_name) = 1
                and left(second_name.canonical_given_name, 1) = first_name.canonical_given_name
            )
            or (
                length(second_name.canonical_given_name) = 1
                and left(first_name.canonical_given_name, 1) = second_name.canonical_given_name
            )
            or (
                least(length(first_name.canonical_given_name), length(second_name.canonical_given_name)) >= 4
                and levenshtein(first_name.canonical_given_name, second_name.canonical_given_name) <= 1
            )
            or (
                least(length(first_name.given_name), length(second_name.given_name)) >= 4
                and levenshtein(first_name.given_name, second_name.given_name) <= 1
            )
        )
),

conflicting_identifiers as (
    select distinct
        identifier_type,
        identifier_value
    from name_pairs
),

name_conflicts as (
    -- a soft identifier on records of people whose given names disagree is shared by several people
    select
        named_identifiers.identifier_type,
        named_identifiers.identifier_value,
        'hub: seen with '
        || {{ tessera.try_cast('count(distinct named_identifiers.canonical_given_name)', dbt.type_string()) }}
        || ' different given names' as name_conflict_reason
    from named_identifiers
    inner join conflicting_identifiers
        on
            named_identifiers.identifier_type = conflicting_identifiers.identifier_type
            and named_identifiers.identifier_value = conflicting_identifiers.identifier_value
    group by named_identifiers.identifier_type, named_identifiers.identifier_value
),

blocked as (
    select
        nodes.identifier_type,
        nodes.identifier_value,
        min('blocked: ' || blocked_identifiers.reason) as blocked_reason
    from nodes
    inner join blocked_identifiers
        on
            nodes.identifier_type = blocked_identifiers.identifier_type
            and nodes.identifier_value like blocked_identifiers.value_pattern
    group by nodes.identifier_type, nodes.identifier_value
),

judged as (
    select
        row_number() over (order by nodes.identifier_type, nodes.identifier_value) as node_id,
        nodes.identifier_type,
        nodes.identifier_value,
        nodes.first_seen_at,
        nodes.last_seen_at,
        nodes.record_count,
        nodes.source_count,
        coalesce(blocked.blocked_reason, hubs.hub_reason, name_conflicts.name_conflict_reason) as exclusion_reason
    from nodes
    left join blocked
        on
            nodes.identifier_type = blocked.identifier_type
            and nodes.identifier_value = blocked.identifier_value
    left join hubs
        on
            nodes.identifier_type = hubs.identifier_type
            and nodes.identifier_value = hubs.identifier_value
    left join name_conflicts
        on
            nodes.identifier_type = name_conflicts.identifier_type
            and nodes.identifier_value = name_conflicts.identifier_value
)

select * from judged
