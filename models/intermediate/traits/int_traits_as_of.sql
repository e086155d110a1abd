{#- The reference time of recency traits and windows: the var `as_of` when set, else the latest time any source
    saw any record mapped to a profile, so the same data always gives the same traits. -#}

{%- set as_of = var('as_of') %}

with

profile_records as (
    select * from {{ ref('int_profile_records') }}
),

as_of as (
    select
        coalesce(
            {% if as_of -%}
                {{ tessera.try_cast("'" ~ as_of ~ "'", dbt.type_timestamp()) }},
            {% endif -%}
            max(observed_at)
        ) as as_of_at
    from profile_records
)

select * from as_of
