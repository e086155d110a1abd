with

base as (
    select * from {{ ref('base_loyalty__members') }}
),

kept as (
    select
        member_id,
        card_number,
        email,
        is_email_valid,
        given_name,
        family_name,
        joined_at
    from base
    where rejection_reason is null
)

select * from kept
