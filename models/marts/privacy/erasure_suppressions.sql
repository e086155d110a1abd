{#- The suppression list: for every processed erasure request, the SHA-256 of each value that names the erased
    person (int_erasure_scope). Appended to, never rebuilt (full_refresh: false): it is the only memory of who
    was erased, and it keeps them erased when a source sends their data again, since every base model blanks the
    rows that carry one of these values (macros/privacy/erasure.sql). It holds hashes only. A run adds the values
    it finds that are not listed yet: a request whose identifier named no one is looked up again each run, in
    case the person's data arrives after the request. -#}
{{ config(materialized='incremental', full_refresh=false, on_schema_change='fail') }}

with

scope as (
    select * from {{ ref('int_erasure_scope') }}
),

new_requests as (
    select
        suppression_id,
        erasure_request_id,
        suppressed_kind,
        suppressed_sha256,
        {{ tessera.run_started_timestamp() }}
            as suppressed_at
    from scope
    {% if is_incremental() -%}
        where not exists (
            select 1
            from {{ this }} as previous
            where
                scope.erasure_request_id = previous.erasure_request_id
                and scope.suppressed_kind = previous.suppressed_kind
                and scope.suppressed_sha256 = previous.suppressed_sha256
        )
    {%- endif %}
)

select * from new_requests
