{#- Every value any source gives for a person attribute of a profile, with where and when it was seen: the
    candidates survivorship chooses from. First-party values come from the records mapped to the profile (the
    `profile_attributes` of each source's declaration); third-party values from feeds keyed on a hashed identifier
    that matches one of the profile's identifiers (the `enrichment` of a source's declaration). -#}

{%- set attributes = tessera.profile_attribute_config() %}
{%- set first_party = tessera.declared_sources('profile_attributes') %}
{%- set third_party = tessera.declared_sources('enrichment') %}

with

profile_records as (
    select
        record_source,
        record_id,
        profile_id
    from {{ ref('int_profile_records') }}
    where profile_id is not null
),

profile_identifiers as (
    select
        profile_id,
        identifier_type,
        {{ tessera.sha256('identifier_value') }} as identifier_sha256
    from {{ ref('int_profile_identifiers') }}
    where profile_id is not null
),

first_party_values as (
    {% for source in first_party -%}
        {%- set outer_loop = loop -%}
        {%- for attribute, spec in source.profile_attributes.items() if attribute in attributes -%}
            {%- set expression = tessera.declared_value(spec) -%}
            select
                '{{ source.record_source }}' as record_source,
                {{ tessera.try_cast(source.record_id, dbt.type_string()) }} as record_id,
                '{{ attribute }}' as attribute_name,
                {{ tessera.try_cast(expression, dbt.type_string()) }} as attribute_value,
                {{ tessera.try_cast(source.observed_at, dbt.type_timestamp()) }} as seen_at
            from {{ source.relation }}
            where ({{ expression }}) is not null
            {% if not (outer_loop.last and loop.last) %}union all{% endif %}
        {% endfor -%}
    {%- endfor %}
    {%- if not first_party %}
        {{ tessera.empty_rows({
            'record_source': dbt.type_string(), 'record_id': dbt.type_string(),
            'attribute_name': dbt.type_string(), 'attribute_value': dbt.type_string(),
            'seen_at': dbt.type_timestamp(),
        }) }}
    {%- endif %}
),

third_party_values as (
    {% for source in third_party -%}
        {%- set outer_loop = loop -%}
        {%- set feed = source.enrichment -%}
        {%- for attribute, spec in feed.attributes.items() if attribute in attributes -%}
            {%- set expression = tessera.declared_value(spec) -%}
            select
                '{{ source.record_source }}' as record_source,
                '{{ feed.match_identifier_type }}' as match_identifier_type,
                lower({{ feed.match_column }}) as record_id,
                '{{ attribute }}' as attribute_name,
                {{ tessera.try_cast(expression, dbt.type_string()) }} as attribute_value,
                {{ tessera.try_cast(source.observed_at, dbt.type_timestamp()) }} as seen_at
            from {{ source.relation }}
            where ({{ expression }}) is not null
            {% if not (outer_loop.last and loop.last) %}union all{% endif %}
        {% endfor -%}
    {%- endfor %}
    {%- if not third_party %}
        {{ tessera.empty_rows({
            'record_source': dbt.type_string(), 'match_identifier_type': dbt.type_string(),
            'record_id': dbt.type_string(), 'attribute_name': dbt.type_string(),
            'attribute_value': dbt.type_string(), 'seen_at': dbt.type_timestamp(),
        }) }}
    {%- endif %}
),

candidates as (
    select
        profile_records.profile_id,
        first_party_values.attribute_name,
        first_party_values.attribute_value,
        first_party_values.record_source,
        first_party_values.record_id,
        first_party_values.seen_at,
        true as is_first_party
    from first_party_values
    inner join profile_records
        on
            first_party_values.record_source = profile_records.record_source
            and first_party_values.record_id = profile_records.record_id
    union all
    select
        profile_identifiers.profile_id,
        third_party_values.attribute_name,
        third_party_values.attribute_value,
        third_party_values.record_source,
        third_party_values.record_id,
        third_party_values.seen_at,
        false as is_first_party
    from third_party_values
    inner join profile_identifiers
        on
            third_party_values.record_id = profile_identifiers.identifier_sha256
            and third_party_values.match_identifier_type = profile_identifiers.identifier_type
),

keyed as (
    select
        {{ dbt.hash(dbt.concat([
            'profile_id', "'|'", 'attribute_name', "'|'", 'record_source', "'|'", 'record_id'
        ])) }} as attribute_candidate_id,
        profile_id,
        attribute_name,
        attribute_value,
        record_source,
        record_id,
        seen_at,
        is_first_party
    from candidates
)

select * from keyed
