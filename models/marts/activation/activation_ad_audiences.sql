{#- Ad audiences for reverse-ETL to ad platforms: one row per (profile, segment) for segment members who granted
    the consent of the var `destinations` (ad_personalization) and have an email or a phone to match on, keyed by a
    stable hash of profile and segment. updated_at moves only when the row's content changes. -#}

with

audience_rows as (
    select * from {{ ref('int_activation_ad_audiences_rows') }}
),

versions as (
    select * from {{ ref('int_activation_row_versions') }}
    where destination = 'activation_ad_audiences'
),

audience as (
    select
        audience_rows.audience_member_id,
        audience_rows.profile_id,
        audience_rows.segment_id,
        audience_rows.email_sha256,
        audience_rows.phone_sha256_google,
        audience_rows.phone_sha256_meta,
        versions.updated_at
    from audience_rows
    inner join versions on audience_rows.row_key = versions.row_key
)

select * from audience
