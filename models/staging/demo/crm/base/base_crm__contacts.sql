{{ config(materialized='table') }}

{%- set raw_columns = [
    'id', 'firstname', 'lastname', 'email', 'phone', 'mobilephone', 'mailingstreet', 'mailingcity',
    'mailingpostalcode', 'mailingcountry', 'birthdate', 'loyalty_card_number__c', 'leadsource',
    'createddate', 'lastmodifieddate', 'isdeleted'
] %}

with

source as (
    select * from {{ source('crm', 'contacts') }}
),

country_aliases as (
    select * from {{ ref('country_aliases') }}
),

countries as (
    select * from {{ ref('countries') }}
),

renamed as (
    select
        nullif(trim(source.id), '') as contact_id,
        {{ tessera.clean_name('source.firstname') }} as first_name,
        {{ tessera.clean_name('source.lastname') }} as last_name,
        {{ tessera.normalize_email('source.email') }} as email,
        nullif(trim(source.phone), '') as phone,
        {{ tessera.digits_only('source.phone') }} as phone_digits_raw,
        nullif(trim(source.mobilephone), '') as mobile_phone,
        {{ tessera.digits_only('source.mobilephone') }} as mobile_phone_digits_raw,
        {{ tessera.clean_text('source.mailingstreet') }} as street,
        {{ tessera.clean_name('source.mailingcity') }} as city,
        {{ tessera.clean_postal_code('source.mailingpostalcode') }} as postal_code,
        country_aliases.country_code,
        source.birthdate as birth_date_raw,
        {{ tessera.digits_only('source.loyalty_card_number__c') }} as loyalty_card_number,
        {{ tessera.clean_text('source.leadsource') }} as lead_source,
        coalesce(lower(trim(source.isdeleted)) = 'true', false) as is_deleted,
        {{ tessera.parse_timestamp_utc('source.createddate') }} as created_at,
        {{ tessera.parse_timestamp_utc('source.lastmodifieddate') }} as updated_at,
        {{ tessera.to_json_object('source', raw_columns) }} as raw_record
    from source
    left join country_aliases
        on lower(trim(source.mailingcountry)) = country_aliases.alias
),

with_phone_country as (
    select
        renamed.*,
        countries.calling_code,
        countries.trunk_prefix
    from renamed
    left join countries
        on coalesce(renamed.country_code, '{{ var("default_country_code") }}') = countries.country_code
),

normalized as (
    select
        *,
        {{ tessera.is_valid_email('email') }} as is_email_valid,
        {{ tessera.phone_to_e164('phone', 'phone_digits_raw', 'calling_code', 'trunk_prefix') }} as phone_e164,
        {{ tessera.phone_to_e164('mobile_phone', 'mobile_phone_digits_raw', 'calling_code', 'trunk_prefix') }}
            as mobile_phone_e164,
        {{ tessera.clean_birth_date('birth_date_raw', 'created_at') }} as birth_date,
        case
            when contact_id is null then 'missing_primary_key'
            when created_at is null or updated_at is null then 'invalid_timestamp'
        end as invalid_reason
    from with_phone_country
),

{{ tessera.judge_rows('normalized', 'contact_id', newest_first_by='updated_at') }},

output as (
    select
        contact_id,
        first_name,
        last_name,
        email,
        is_email_valid,
        phone,
        phone_e164,
        {{ tessera.is_valid_phone('phone_e164', 'phone_digits_raw') }} as is_phone_valid,
        mobile_phone,
        mobile_phone_e164,
        {{ tessera.is_valid_phone('mobile_phone_e164', 'mobile_phone_digits_raw') }} as is_mobile_phone_valid,
        street,
        city,
        postal_code,
        country_code,
        birth_date,
        loyalty_card_number,
        lead_source,
        is_deleted,
        created_at,
        updated_at,
        rejection_reason,
        case when rejection_reason is not null then raw_record end as rejected_raw_record
    from judged
)

{{ tessera.without_erased('output', 'base_crm__contacts') }}
