with

base as (
    select * from {{ ref('base_crm__contacts') }}
),

kept as (
    select
        contact_id,
        first_name,
        last_name,
        email,
        is_email_valid,
        phone,
        phone_e164,
        is_phone_valid,
        mobile_phone,
        mobile_phone_e164,
        is_mobile_phone_valid,
        street,
        city,
        postal_code,
        country_code,
        birth_date,
        loyalty_card_number,
        lead_source,
        is_deleted,
        created_at,
        updated_at
    from base
    where rejection_reason is null
)

select * from kept
