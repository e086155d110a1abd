{#- The history of which profile each identifier belongs to, across runs: a row is appended when an identifier
    first appears, changes profile (a merge or a split) or leaves every profile (an exclusion, an erasure). What
    profile_lineage reads to tell destinations how ids moved. A full refresh starts the history again. -#}
{{ config(
    materialized='incremental',
    on_schema_change='fail',
    post_hook="{{ tessera.delete_erased_rows(['identifier_id', 'profile_id', 'previous_profile_id']) }}"
) }}

with

current_assignments as (
    select
        identifier_id,
        profile_id
    from {{ ref('int_profile_identifiers') }}
),

latest as (
    -- each identifier's profile as of the previous run (nothing on a first run or a full refresh)
    select
        identifier_id,
        profile_id
    {% if is_incremental() -%}
        from (
            select
                identifier_id,
                profile_id,
                row_number() over (partition by identifier_id order by sequence_number desc) as recency
            from {{ this }}
        ) as ranked
        where recency = 1
    {%- else -%}
        from current_assignments
        where 1 = 0
    {%- endif %}
),

previous_run as (
    select
        {% if is_incremental() -%}
            coalesce(max(sequence_number), 0)
        {%- else -%}
            0
        {%- endif %} as last_sequence_number
    {% if is_incremental() -%}
        from {{ this }}
    {%- endif %}
),

changes as (
    select
        coalesce(current_assignments.identifier_id, latest.identifier_id) as identifier_id,
        latest.profile_id as previous_profile_id,
        current_assignments.profile_id
    from current_assignments
    full outer join latest on current_assignments.identifier_id = latest.identifier_id
    where
        latest.identifier_id is null
        or current_assignments.identifier_id is null
        or coalesce(current_assignments.profile_id, '') <> coalesce(latest.profile_id, '')
),

stamped as (
    select
        {{ dbt.hash(dbt.concat([
            'changes.identifier_id', "'|'",
            tessera.try_cast('previous_run.last_sequence_number + 1', dbt.type_string())
        ])) }} as history_id,
        changes.identifier_id,
        changes.previous_profile_id,
        changes.profile_id,
        previous_run.last_sequence_number + 1 as sequence_number,
        {{ tessera.run_started_timestamp() }}
            as assigned_at,
        '{{ invocation_id }}' as dbt_invocation_id
    from changes
    cross join previous_run
)

select * from stamped
