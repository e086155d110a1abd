{#- How profile ids moved between runs, for destinations that keep profile ids: one row per (previous profile id,
    current profile id) whose identifiers moved from one to the other. A merge sends several previous profiles
    to one current profile: the surviving id is the one the profile-id policy picks (int_identity_profiles), and
    every other previous id becomes its alias. A split sends one previous profile to several current ones. -#}

with

history as (
    select * from {{ ref('int_identifier_profile_history') }}
    where
        {{ tessera.is_not_erased('profile_id', ['profile_id']) }}
        and {{ tessera.is_not_erased('previous_profile_id', ['profile_id']) }}
),

current_profiles as (
    select profile_id from {{ ref('profiles') }}
),

first_assignments as (
    select
        profile_id,
        min(assigned_at) as first_assigned_at
    from history
    where profile_id is not null
    group by profile_id
),

moves as (
    select
        previous_profile_id,
        profile_id as current_profile_id,
        count(*) as identifiers_moved,
        min(assigned_at) as changed_at
    from history
    where
        previous_profile_id is not null
        and profile_id is not null
        and previous_profile_id <> profile_id
    group by previous_profile_id, profile_id
),

fan_in as (
    select
        current_profile_id,
        count(*) as previous_profiles
    from moves
    group by current_profile_id
),

fan_out as (
    select
        previous_profile_id,
        count(*) as current_profiles
    from moves
    group by previous_profile_id
),

described as (
    select
        {{ dbt.hash(dbt.concat(['moves.previous_profile_id', "'>'", 'moves.current_profile_id'])) }} as lineage_id,
        moves.previous_profile_id,
        moves.current_profile_id,
        case
            when fan_out.current_profiles > 1 then 'split'
            when fan_in.previous_profiles > 1 or first_assignments.first_assigned_at < moves.changed_at then 'merge'
            else 'renamed'
        end as change_type,
        alive.profile_id is null as is_previous_id_retired,
        moves.identifiers_moved,
        moves.changed_at
    from moves
    inner join fan_in on moves.current_profile_id = fan_in.current_profile_id
    inner join fan_out on moves.previous_profile_id = fan_out.previous_profile_id
    left join first_assignments on moves.current_profile_id = first_assignments.profile_id
    left join current_profiles as alive on moves.previous_profile_id = alive.profile_id
)

select * from described
