{#- One row per resolved person: the profile id, what its anchor is, and how much the sources know of it. -#}

{#- a count per identifier type whose column `<type>_count` the YAML documents (the mart's contract holds the
    same columns): a user's own identifier types are counted in identifier_count, and get a column of their own
    by documenting it here and in profiles -#}
{%- set counted_types = [] %}
{%- for column in model.columns if column.endswith('_count')
    and column not in ['identifier_count', 'record_count', 'source_count'] %}
    {%- do counted_types.append(column[:-6]) %}
{%- endfor %}

with

profiles as (
    select * from {{ ref('int_identity_profiles') }}
    where {{ tessera.is_not_erased('profile_id', ['profile_id']) }}
),

identifiers as (
    select * from {{ ref('int_profile_identifiers') }}
    where profile_id is not null
),

records as (
    select * from {{ ref('int_profile_records') }}
    where profile_id is not null
),

identifier_counts as (
    select
        profile_id,
        count(*) as identifier_count,
        {% for identifier_type in counted_types -%}
            count(case when identifier_type = '{{ identifier_type }}' then 1 end) as {{ identifier_type }}_count,
        {% endfor -%}
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at
    from identifiers
    group by profile_id
),

record_counts as (
    select
        profile_id,
        count(*) as record_count,
        count(distinct record_source) as source_count
    from records
    group by profile_id
),

final as (
    select
        profiles.profile_id,
        profiles.anchor_identifier_type,
        identifier_counts.identifier_count,
        {% for identifier_type in counted_types -%}
            identifier_counts.{{ identifier_type }}_count,
        {% endfor -%}
        coalesce(record_counts.record_count, 0) as record_count,
        coalesce(record_counts.source_count, 0) as source_count,
        identifier_counts.first_seen_at,
        identifier_counts.last_seen_at
    from profiles
    inner join identifier_counts on profiles.profile_id = identifier_counts.profile_id
    left join record_counts on profiles.profile_id = record_counts.profile_id
)

select * from final
