{#- What the last run changed in segment membership, for syncs that send only deltas: one row per profile that
    entered (added) or left (removed) a segment in the run that built this table, read from
    segment_membership_history (build the two together; on a first run or a full refresh every membership is
    added). -#}

with

history as (
    select * from {{ ref('segment_membership_history') }}
),

this_run as (
    select
        {{ tessera.run_started_timestamp() }} as run_at
),

changes as (
    select
        history.membership_history_id,
        history.segment_id,
        history.profile_id,
        'added' as change_type,
        history.entered_at as changed_at
    from history
    inner join this_run on history.entered_at = this_run.run_at
    union all
    select
        history.membership_history_id,
        history.segment_id,
        history.profile_id,
        'removed' as change_type,
        history.exited_at as changed_at
    from history
    inner join this_run on history.exited_at = this_run.run_at
),

keyed as (
    select
        {{ dbt.concat(['membership_history_id', "':'", 'change_type']) }} as membership_change_id,
        segment_id,
        profile_id,
        change_type,
        changed_at
    from changes
)

select * from keyed
