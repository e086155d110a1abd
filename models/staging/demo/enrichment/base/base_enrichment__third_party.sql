{{ config(materialized='table') }}

{%- set raw_columns = [
    'email_sha256', 'age_band', 'gender', 'household_income_band', 'interests', 'is_homeowner', 'updated_at'
] %}

with

source as (
    select * from {{ source('enrichment', 'third_party') }}
),

renamed as (
    select
        lower(nullif(trim(email_sha256), '')) as email_sha256,
        {{ tessera.clean_text('age_band') }} as age_band,
        lower({{ tessera.clean_text('gender') }}) as gender,
        {{ tessera.clean_text('household_income_band') }} as household_income_band,
        lower({{ tessera.clean_text('interests') }}) as interests,
        case upper(trim(is_homeowner)) when 'Y' then true when 'N' then false end as is_homeowner,
        {{ tessera.try_cast('trim(updated_at)', api.Column.translate_type('date')) }} as updated_on,
        {{ tessera.to_json_object('source', raw_columns) }} as raw_record
    from source
),

normalized as (
    select
        *,
        case
            when email_sha256 is null then 'missing_primary_key'
            when not {{ tessera.regexp_full_match('email_sha256', '[0-9a-f]{64}') }} then 'invalid_email_hash'
            when updated_on is null then 'invalid_timestamp'
        end as invalid_reason
    from renamed
),

{{ tessera.judge_rows('normalized', 'email_sha256', newest_first_by='updated_on') }},

output as (
    select
        email_sha256,
        age_band,
        gender,
        household_income_band,
        interests,
        is_homeowner,
        updated_on,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_enrichment__third_party') }}
