with

base as (
    select * from {{ ref('base_support__tickets') }}
),

kept as (
    select
        ticket_id,
        requester_email,
        is_requester_email_valid,
        requester_name,
        requester_phone,
        requester_phone_e164,
        is_requester_phone_valid,
        subject,
        ticket_status,
        priority,
        channel,
        satisfaction_rating,
        tags,
        created_at,
        updated_at,
        -- the requester's name is written "given family": its first word, and the rest
        {{ dbt.split_part('requester_name', "' '", 1) }} as requester_given_name,
        nullif(substr(requester_name, length({{ dbt.split_part('requester_name', "' '", 1) }}) + 2), '')
            as requester_family_name
    from base
    where rejection_reason is null
)

select * from kept
