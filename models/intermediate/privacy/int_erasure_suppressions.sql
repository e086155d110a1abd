{#- Every value suppressed as of this run, by kind: the list kept between runs (stg_tessera_state__erasure_suppressions)
    and what this run's requests add (int_erasure_scope). What models built in the run that processes a request
    filter on (macro is_not_erased) while the person's rows are still upstream. erasure_suppressions appends
    int_erasure_scope's values to the kept list, so this list is the same whether the kept list is read before or
    after it runs. -#}

with

kept as (
    select
        suppressed_kind,
        suppressed_sha256
    from {{ ref('stg_tessera_state__erasure_suppressions') }}
),

this_run as (
    select
        suppressed_kind,
        suppressed_sha256
    from {{ ref('int_erasure_scope') }}
),

suppressed as (
    select * from kept
    union
    select * from this_run
),

keyed as (
    select
        {{ dbt.concat(['suppressed_kind', "':'", 'suppressed_sha256']) }} as suppressed_value_id,
        suppressed_kind,
        suppressed_sha256
    from suppressed
)

select * from keyed
