{{ config(materialized='table') }}

with

source as (
    select * from {{ source('loyalty', 'members') }}
),

renamed as (
    select
        nullif(trim(source.member_id), '') as member_id,
        {{ tessera.digits_only('source.card_number') }} as card_number,
        {{ tessera.normalize_email('source.email') }} as email,
        {{ tessera.clean_name(dbt.split_part('source.full_name', "' '", 1)) }} as given_name,
        {{ tessera.clean_name("substr(trim(source.full_name), length(" ~ dbt.split_part('trim(source.full_name)', "' '", 1) ~ ") + 2)") }}
            as family_name,
        {{ tessera.parse_timestamp_utc('source.joined_at') }} as joined_at,
        {{ tessera.to_json_object('source', ['member_id', 'card_number', 'email', 'full_name', 'joined_at']) }}
            as raw_record
    from source
),

validated as (
    select
        *,
        {{ tessera.is_valid_email('email') }} as is_email_valid,
        case
            when member_id is null then 'missing_primary_key'
            when joined_at is null then 'invalid_timestamp'
        end as invalid_reason
    from renamed
),

{{ tessera.judge_rows('validated', 'member_id', newest_first_by='joined_at') }},

output as (
    select
        member_id,
        card_number,
        email,
        is_email_valid,
        given_name,
        family_name,
        joined_at,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_loyalty__members') }}
