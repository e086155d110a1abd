{#- One row per erasure request processed: when it was received and processed, under which regulation, and how
    much it erased, with no personal data (the identifier named is not kept, not even hashed). Never rebuilt
    (full_refresh: false): the counts are those of the run that erased the person, and the data they count is gone
    after it. A request whose identifier named no one is looked up again each run and its row replaced once it
    finds the person. -#}
{{ config(
    materialized='incremental',
    full_refresh=false,
    unique_key='erasure_request_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail'
) }}

with

requests as (
    {{ tessera.declared_part_rows('erasure_requests') }}
),

scope as (
    select * from {{ ref('int_erasure_scope') }}
),

scope_counts as (
    select
        erasure_request_id,
        count(case when suppressed_kind = 'profile_id' then 1 end) as profiles_erased,
        count(case when suppressed_kind = 'identifier' then 1 end) as identifiers_erased,
        count(case when suppressed_kind = 'record' then 1 end) as records_erased,
        count(*) as suppressed_values
    from scope
    group by erasure_request_id
),

audited as (
    select
        requests.erasure_request_id,
        requests.regulation,
        requests.identifier_type as requested_identifier_type,
        requests.requested_at,
        {{ tessera.run_started_timestamp() }}
            as processed_at,
        case
            when coalesce(scope_counts.profiles_erased, 0) > 0 then 'erased'
            else 'identifier_not_found'
        end as outcome,
        coalesce(scope_counts.profiles_erased, 0) as profiles_erased,
        coalesce(scope_counts.identifiers_erased, 0) as identifiers_erased,
        coalesce(scope_counts.records_erased, 0) as records_erased,
        coalesce(scope_counts.suppressed_values, 0) as suppressed_values
    from requests
    left join scope_counts on requests.erasure_request_id = scope_counts.erasure_request_id
    {% if is_incremental() -%}
        where not exists (
            select 1
            from {{ this }} as previous
            where
                requests.erasure_request_id = previous.erasure_request_id
                and (previous.outcome = 'erased' or coalesce(scope_counts.profiles_erased, 0) = 0)
        )
    {%- endif %}
)

select * from audited
