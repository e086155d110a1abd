{#- Content of activation_ad_audiences: one row per (profile, segment) for the members of a segment of the var
    `segments` who granted the consent the destination needs (var `destinations`) and have an email or a phone to
    match on, with the hashed identifiers ad platforms match people by. row_key and row_hash feed
    int_activation_row_versions. -#}

with

memberships as (
    select * from {{ ref('int_segment_memberships') }}
),

attributes as (
    select * from {{ ref('int_profile_attributes') }}
),

consented as (
    {{ tessera.consented_profiles('activation_ad_audiences') }}
),

members as (
    select
        {{ dbt.hash(dbt.concat(['memberships.profile_id', "'|'", 'memberships.segment_id'])) }} as audience_member_id,
        memberships.profile_id,
        memberships.segment_id,
        {{ tessera.email_sha256('attributes.email') }} as email_sha256,
        {{ tessera.phone_sha256_e164('attributes.phone') }} as phone_sha256_google,
        {{ tessera.phone_sha256_digits('attributes.phone') }} as phone_sha256_meta
    from memberships
    inner join consented on memberships.profile_id = consented.profile_id
    inner join attributes on memberships.profile_id = attributes.profile_id
),

matchable as (
    select
        *,
        audience_member_id as row_key,
        {{ tessera.row_hash([
            'profile_id', 'segment_id', 'email_sha256', 'phone_sha256_google', 'phone_sha256_meta'
        ]) }} as row_hash
    from members
    where email_sha256 is not null or phone_sha256_google is not null
)

select * from matchable
