{#- When each row of each activation table last changed, kept across runs (incremental): one row per (activation
    table of the var `destinations`, row key) ever published, with the hash of the row's content and the start of
    the run that first saw that content (updated_at). A run writes only the rows whose hash changed, the new ones,
    and the ones that left the table (row_hash null), so updated_at moves only when the content does, and a row that
    comes back is newer than when it left. A full refresh starts again. -#}
{{ config(
    materialized='incremental',
    unique_key='row_version_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ tessera.delete_erased_rows(['row_key']) }}"
) }}

with

current_rows as (
    {% for destination in var('destinations') -%}
        select
            '{{ destination }}' as destination,
            row_key,
            row_hash
        from {{ ref('int_' ~ destination ~ '_rows') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

previous as (
    select
        row_version_id,
        destination,
        row_key,
        row_hash
    {% if is_incremental() -%}
        from {{ this }}
    {%- else -%}
        from (
            select
                cast(null as {{ dbt.type_string() }}) as row_version_id,
                cast(null as {{ dbt.type_string() }}) as destination,
                cast(null as {{ dbt.type_string() }}) as row_key,
                cast(null as {{ dbt.type_string() }}) as row_hash
        ) as no_versions
        where 1 = 0
    {%- endif %}
),

this_run as (
    select
        {{ tessera.run_started_timestamp() }} as run_at
),

changed as (
    select
        {{ dbt.hash(dbt.concat(['current_rows.destination', "'|'", 'current_rows.row_key'])) }} as row_version_id,
        current_rows.destination,
        current_rows.row_key,
        current_rows.row_hash,
        this_run.run_at as updated_at
    from current_rows
    cross join this_run
    left join previous
        on current_rows.destination = previous.destination and current_rows.row_key = previous.row_key
    where previous.row_hash is null or previous.row_hash != current_rows.row_hash
),

removed as (
    select
        previous.row_version_id,
        previous.destination,
        previous.row_key,
        cast(null as {{ dbt.type_string() }}) as row_hash,
        this_run.run_at as updated_at
    from previous
    cross join this_run
    left join current_rows
        on previous.destination = current_rows.destination and previous.row_key = current_rows.row_key
    where previous.row_hash is not null and current_rows.row_key is null
),

versions as (
    select * from changed
    union all
    select * from removed
)

select * from versions
