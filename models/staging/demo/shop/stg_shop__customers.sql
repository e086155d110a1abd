with

base as (
    select * from {{ ref('base_shop__customers') }}
),

kept as (
    select
        customer_id,
        email,
        is_email_valid,
        is_email_verified,
        first_name,
        last_name,
        phone,
        phone_e164,
        is_phone_valid,
        accepts_email_marketing,
        street,
        city,
        postal_code,
        province_code,
        country_code,
        account_state,
        tags,
        created_at,
        updated_at
    from base
    where rejection_reason is null
)

select * from kept
