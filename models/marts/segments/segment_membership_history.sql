{#- Segment membership over time, kept across runs: one row per stay of a profile in a segment, from the run that
    saw it enter (entered_at) to the run that saw it leave (exited_at; null while it is a member). A profile that
    comes back gets a new row. A full refresh starts the history again. -#}
{{ config(
    materialized='incremental',
    unique_key='membership_history_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ tessera.delete_erased_rows(['profile_id']) }}"
) }}

with

memberships as (
    select * from {{ ref('segment_memberships') }}
),

open_stays as (
    -- the stays still open after the previous run (nothing on a first run or a full refresh)
    select
        membership_history_id,
        segment_id,
        profile_id,
        entered_at
    {% if is_incremental() -%}
        from {{ this }}
        where exited_at is null
    {%- else -%}
        from (
            select
                cast(null as {{ dbt.type_string() }}) as membership_history_id,
                cast(null as {{ dbt.type_string() }}) as segment_id,
                cast(null as {{ dbt.type_string() }}) as profile_id,
                cast(null as {{ dbt.type_timestamp() }}) as entered_at
        ) as no_history
        where 1 = 0
    {%- endif %}
),

this_run as (
    select
        {{ tessera.run_started_timestamp() }} as run_at
),

entered as (
    select
        {{ dbt.hash(dbt.concat([
            'memberships.segment_id', "'|'", 'memberships.profile_id', "'|'",
            tessera.try_cast('this_run.run_at', dbt.type_string())
        ])) }} as membership_history_id,
        memberships.segment_id,
        memberships.profile_id,
        this_run.run_at as entered_at,
        cast(null as {{ dbt.type_timestamp() }}) as exited_at
    from memberships
    cross join this_run
    left join open_stays
        on memberships.segment_id = open_stays.segment_id and memberships.profile_id = open_stays.profile_id
    where open_stays.membership_history_id is null
),

exited as (
    select
        open_stays.membership_history_id,
        open_stays.segment_id,
        open_stays.profile_id,
        open_stays.entered_at,
        this_run.run_at as exited_at
    from open_stays
    cross join this_run
    left join memberships
        on open_stays.segment_id = memberships.segment_id and open_stays.profile_id = memberships.profile_id
    where memberships.segment_membership_id is null
),

changed as (
    select * from entered
    union all
    select * from exited
)

select * from changed
